// What the gateway is composed from; createGatewayApp binds them, so tests and the single-process mode choose.
export const DATABASE = Symbol('database');
export const BUS = Symbol('bus');
