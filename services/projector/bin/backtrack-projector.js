#!/usr/bin/env node
// Runs the built CLI; in a source checkout without a build, compiles on the fly.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const built = join(__dirname, '..', 'dist', 'main.js');
if (existsSync(built)) {
  require(built);
} else {
  process.env.SWC_NODE_PROJECT =
    process.env.SWC_NODE_PROJECT || join(__dirname, '..', '..', '..', 'tsconfig.json');
  require('@swc-node/register');
  require(join(__dirname, '..', 'src', 'main.ts'));
}
