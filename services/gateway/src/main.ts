import { CommanderError } from 'commander';
import { gatewayProgram } from './admin-cli/gateway-program';

gatewayProgram()
  .parseAsync(process.argv)
  .catch((error: Error) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`backtrack-gateway: ${error.message}\n`);
    process.exitCode = 1;
  });
