export * from './gateway-app/create-gateway-app';
export * from './gateway-app/gateway.module';
export * from './gateway-app/gateway-config';
