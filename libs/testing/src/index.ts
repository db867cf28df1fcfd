export * from './expect-eventually';
export * from './services';
export * from './events';
export * from './free-port';
export * from './workspace';
export * from './service-process';
export * from './tmux-terminal';
export * from './replay-client';
