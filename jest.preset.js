// One jest setup for every project: swc transpiles (with decorator metadata for NestJS), libs map to their sources.
const path = require('node:path');

module.exports = (projectDir, displayName) => ({
  displayName,
  rootDir: projectDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@backtrack/(events|bus|testing|store|asciicast|playback|projection)$': path.join(
      __dirname,
      'libs/$1/src/index.ts',
    ),
  },
  testTimeout: 60_000,
  // A leaked broker socket must not hang CI; leaks are still reported by --detectOpenHandles when hunting them.
  forceExit: true,
});
