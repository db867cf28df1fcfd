import { CommandRegistrar } from './program';
import { registerRecordTerminal } from '../record-terminal/record-terminal.command';
import { registerSyncSpool } from '../sync-spool/sync-spool.command';
import { registerLogCommand } from '../ask-timeline/log.command';
import { registerSearchCommand } from '../ask-search/search.command';
import { registerSessionsCommand } from '../ask-sessions/sessions.command';
import { registerLoginCommand } from '../login/login.command';
import { registerShareCommand } from '../share-moment/share.command';
import { registerExportCommand } from '../export-asciicast/export.command';
import { registerImportCommand } from '../import-asciicast/import.command';
import { registerServeCommand } from '../serve/serve.command';
import { registerFollowCommand } from '../follow-session/follow.command';
import { registerPlayCommand } from '../play-session/play.command';

// Add one line per command, imported from its use-case folder.
export const registrars: CommandRegistrar[] = [
  registerRecordTerminal,
  registerSyncSpool,
  registerLogCommand,
  registerSearchCommand,
  registerSessionsCommand,
  registerLoginCommand,
  registerExportCommand,
  registerImportCommand,
  registerShareCommand,
  registerServeCommand,
  registerFollowCommand,
  registerPlayCommand,
];
