// Shared by every service's bin: run the built entry point; in a source checkout without a build,
// compile on the fly.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = function runEntry(serviceDir) {
  const built = join(serviceDir, 'dist', 'main.js');
  if (existsSync(built)) return require(built);
  process.env.SWC_NODE_PROJECT =
    process.env.SWC_NODE_PROJECT || join(__dirname, '..', 'tsconfig.json');
  require('@swc-node/register');
  return require(join(serviceDir, 'src', 'main.ts'));
};
