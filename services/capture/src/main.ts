import { buildProgram } from './cli/program';
import { registrars } from './cli/registrars';

buildProgram(registrars)
  .parseAsync(process.argv)
  .catch((error: Error) => {
    process.stderr.write(`backtrack: ${error.message}\n`);
    process.exit(1);
  });
