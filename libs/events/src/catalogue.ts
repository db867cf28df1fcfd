import { z } from 'zod';
import * as editor from './schemas/editor.schemas';
import * as git from './schemas/git.schemas';
import * as note from './schemas/note.schemas';
import * as runtime from './schemas/runtime.schemas';
import * as session from './schemas/session.schemas';
import * as terminal from './schemas/terminal.schemas';

// Every event type, its current schema version and what it means. docs/events.md is checked against this.
export const catalogue = {
  'session.started': { v: 1, schema: session.SessionStarted, about: 'A recording began.' },
  'session.ended': {
    v: 1,
    schema: session.SessionEnded,
    about: 'A recording ended, with the exit code of its process.',
  },
  'session.titled': {
    v: 1,
    schema: session.SessionTitled,
    about: 'The session was given a title.',
  },
  'terminal.output': {
    v: 1,
    schema: terminal.TerminalOutput,
    about: 'Text the terminal printed, escape sequences included.',
  },
  'terminal.input': {
    v: 1,
    schema: terminal.TerminalInput,
    about: 'Keys typed (only with --stdin, never while echo is off).',
  },
  'terminal.resize': { v: 2, schema: terminal.TerminalResize, about: 'The terminal changed size.' },
  'terminal.command.started': {
    v: 1,
    schema: terminal.TerminalCommandStarted,
    about: 'The shell started running a command line.',
  },
  'terminal.command.finished': {
    v: 1,
    schema: terminal.TerminalCommandFinished,
    about: 'A command finished, with exit code and duration.',
  },
  'terminal.marker': {
    v: 1,
    schema: terminal.TerminalMarker,
    about: 'A labelled point in the recording.',
  },
  'editor.file.opened': {
    v: 1,
    schema: editor.EditorFileOpened,
    about: 'A file was opened in the editor.',
  },
  'editor.text.changed': {
    v: 1,
    schema: editor.EditorTextChanged,
    about: 'Text was edited: ranges replaced by new text.',
  },
  'editor.selection.changed': {
    v: 1,
    schema: editor.EditorSelectionChanged,
    about: 'The cursor or selection moved.',
  },
  'editor.file.saved': {
    v: 1,
    schema: editor.EditorFileSaved,
    about: 'A file was written to disk.',
  },
  'editor.file.closed': {
    v: 1,
    schema: editor.EditorFileClosed,
    about: 'A file was closed in the editor.',
  },
  'runtime.paused': {
    v: 1,
    schema: runtime.RuntimePaused,
    about: 'A debugger stopped: reason, stack frames and scope variables.',
  },
  'runtime.resumed': {
    v: 1,
    schema: runtime.RuntimeResumed,
    about: 'The debugged program continued.',
  },
  'git.head.changed': {
    v: 1,
    schema: git.GitHeadChanged,
    about: 'The checked-out branch or commit changed.',
  },
  'note.added': { v: 1, schema: note.NoteAdded, about: "A user's annotation on a moment." },
} as const;

export type Catalogue = typeof catalogue;
export type EventType = keyof Catalogue;
export type PayloadOf<T extends EventType> = z.output<Catalogue[T]['schema']>;
export type PayloadInput<T extends EventType> = z.input<Catalogue[T]['schema']>;

export const EVENT_TYPES = Object.keys(catalogue) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(catalogue, type);
}
