export * from './projector-test-context';
export * from './session-recorder';
