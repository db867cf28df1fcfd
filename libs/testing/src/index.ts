export * from './expect-eventually';
export * from './services';
export * from './events';
export * from './free-port';
