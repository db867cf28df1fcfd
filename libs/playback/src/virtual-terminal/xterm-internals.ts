import { Terminal } from '@xterm/headless';
import { Attributes, sgrOf } from './sgr';

// What the public API of @xterm/headless does not reach. Every use is checked, so an xterm without one of these
// degrades (a less exact snapshot), never breaks.
interface InternalLine {
  length: number;
  isWrapped: boolean;
  _data?: Uint32Array;
  resize(cols: number, fill: unknown): boolean;
}

interface InternalBuffer {
  lines?: {
    length: number;
    get(index: number): InternalLine | undefined;
    trimStart?(count: number): void;
  };
  ybase?: number;
  ydisp?: number;
  savedX?: number;
  savedY?: number;
  scrollTop?: number;
  scrollBottom?: number;
  getNullCell?(): unknown;
}

interface Core {
  buffer?: InternalBuffer;
  buffers?: { normal?: InternalBuffer; alt?: InternalBuffer };
  coreService?: { isCursorHidden?: boolean };
  _inputHandler?: { _curAttrData?: Attributes };
}

// xterm's cell layout: 3 words per cell, the first holds the code point and (from bit 22) the width.
const CELL_WORDS = 3;
const NULL_CELL = 1 << 22;
const SPACE_CELL = 32 | (1 << 22);

function coreOf(terminal: Terminal): Core | undefined {
  return (terminal as unknown as { _core?: Core })._core;
}

// Real terminals keep nothing of the alternate screen outside it; xterm keeps rows scrolled above it (and brings
// them back when the screen grows) and cells past a narrowed edge, and the serializer writes both out. Call
// dropAlternateRowsAbove before a resize and cutAlternateLines after it: snapshots then stay exact.
export function dropAlternateRowsAbove(terminal: Terminal): void {
  const alt = coreOf(terminal)?.buffers?.alt;
  const above = alt?.ybase ?? 0;
  if (!alt?.lines?.trimStart || above <= 0) return;
  alt.lines.trimStart(above);
  alt.ybase = 0;
  alt.ydisp = 0;
}

export function cutAlternateLines(terminal: Terminal): void {
  const alt = coreOf(terminal)?.buffers?.alt;
  const lines = alt?.lines;
  if (!lines || !alt.getNullCell) return;
  const fill = alt.getNullCell();
  for (let index = 0; index < lines.length; index++) {
    const line = lines.get(index);
    if (line && line.length > terminal.cols) line.resize(terminal.cols, fill);
  }
}

// The serializer mis-writes the join of a row and the row wrapped from it when the wrapped row starts with an
// empty cell (its cursor-forward does not wrap) or the row is all empty (it emits CSI 0 C, which moves one).
// For the time of the call such a cell holds a space: the same look, and the serializer gets it right.
export function withWrapJoinsFilled<T>(terminal: Terminal, serialize: () => T): T {
  const buffers = coreOf(terminal)?.buffers;
  const filled: Array<{ data: Uint32Array; at: number }> = [];
  const fill = (data: Uint32Array | undefined, cell: number) => {
    const at = cell * CELL_WORDS;
    if (!data || cell < 0 || data.length < at + CELL_WORDS || data[at] !== NULL_CELL) return;
    data[at] = SPACE_CELL;
    filled.push({ data, at });
  };
  for (const buffer of [buffers?.normal, buffers?.alt]) {
    const lines = buffer?.lines;
    if (!lines) continue;
    for (let index = 1; index < lines.length; index++) {
      const line = lines.get(index);
      const previous = lines.get(index - 1);
      if (!line?.isWrapped || !previous) continue;
      if (isAllEmpty(previous._data)) fill(previous._data, previous.length - 1);
      fill(line._data, 0);
    }
  }
  try {
    return serialize();
  } finally {
    for (const { data, at } of filled) data[at] = NULL_CELL;
  }
}

function isAllEmpty(data: Uint32Array | undefined): boolean {
  if (!data) return false;
  for (let at = 0; at < data.length; at += CELL_WORDS) if (data[at] !== NULL_CELL) return false;
  return true;
}

// What the serializer leaves out and later output depends on: the scroll region (vim, less), a cursor waiting to
// wrap at the right edge, the current pen (colours the next text gets) and a hidden cursor.
export function unserializedState(terminal: Terminal): string {
  const core = coreOf(terminal);
  const buffer = terminal.buffer.active;
  const top = core?.buffer?.scrollTop ?? 0;
  const bottom = core?.buffer?.scrollBottom ?? terminal.rows - 1;
  const modes = terminal.modes;
  let state = '';
  if (top > 0 || bottom < terminal.rows - 1) state += `\x1b[${top + 1};${bottom + 1}r`;
  // CUP counts from the region's top in origin mode.
  const row = buffer.cursorY - (modes.originMode ? top : 0) + 1;
  if (buffer.cursorX >= terminal.cols) {
    state += reprintLastCell(terminal, row, modes.insertMode);
  } else {
    state += `\x1b[${row};${buffer.cursorX + 1}H`;
  }
  const pen = core?._inputHandler?._curAttrData;
  if (pen) state += sgrOf(pen);
  if (core?.coreService?.isCursorHidden === true) state += '\x1b[?25l';
  return state;
}

// Printing the last cell again leaves the cursor where it was: past the edge, waiting to wrap.
function reprintLastCell(terminal: Terminal, row: number, insertMode: boolean): string {
  const buffer = terminal.buffer.active;
  const line = buffer.getLine(buffer.baseY + buffer.cursorY);
  let col = terminal.cols - 1;
  let cell = line?.getCell(col);
  if (cell && cell.getWidth() === 0 && col > 0) cell = line?.getCell(--col); // the right half of a wide character
  if (!cell) return `\x1b[${row};${terminal.cols}H`;
  const text = sgrOf(cell) + (cell.getChars() || ' ');
  return `\x1b[${row};${col + 1}H` + (insertMode ? `\x1b[4l${text}\x1b[4h` : text);
}

// Leaving the alternate screen (?1049l) puts the cursor back where entering it saved it, and xterm's saved row need
// not be the normal screen's own cursor row (a resize meanwhile moves one, not the other). The serializer writes
// only the latter, so this goes right before its ?1049h: the restored terminal saves the same place.
export const ENTER_ALTERNATE = '\x1b[?1049h';

export function savedNormalCursor(terminal: Terminal): string {
  const normal = coreOf(terminal)?.buffers?.normal;
  if (normal?.savedX === undefined || normal.savedY === undefined) return '';
  const row = Math.min(Math.max(normal.savedY - (normal.ybase ?? 0), 0), terminal.rows - 1);
  const col = Math.min(Math.max(normal.savedX, 0), terminal.cols - 1);
  return `\x1b[${row + 1};${col + 1}H`;
}
