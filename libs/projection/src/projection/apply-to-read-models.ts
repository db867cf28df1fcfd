import { AnyEvent } from '@backtrack/events';
import { loadCommands, loadSessions, Queryable, writeReadModels } from '@backtrack/store';
import { finishedCommandsOf, Gap, projectEvents, sessionIdsOf } from './project-events';

// Load the rows the events touch, project, write: five statements per call, however many events it carries.
export async function applyToReadModels(db: Queryable, events: AnyEvent[]): Promise<Gap[]> {
  if (events.length === 0) return [];
  const sessionIds = sessionIdsOf(events);
  const sessions = await loadSessions(db, sessionIds);
  const commands = await loadCommands(db, sessionIds, finishedCommandsOf(events));
  const { changes, gaps } = projectEvents({ sessions, commands }, events);
  await writeReadModels(db, changes);
  return gaps;
}
