export * from './config/cli-config';
export * from './gateway-client/gateway-client';
