import { SerializeAddon } from '@xterm/addon-serialize';
import { Terminal } from '@xterm/headless';
import {
  cutAlternateLines,
  dropAlternateRowsAbove,
  ENTER_ALTERNATE,
  savedNormalCursor,
  unserializedState,
  withWrapJoinsFilled,
} from './xterm-internals';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface VirtualTerminalOptions extends TerminalSize {
  // Lines kept above the screen; a snapshot carries all of them, so a grown window shows the same lines.
  scrollback?: number;
}

export const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };
export const DEFAULT_SCROLLBACK = 200;
// A recorded resize can claim any size; beyond these a headless terminal only costs memory.
export const MAX_SIZE: TerminalSize = { cols: 1000, rows: 500 };

// A screen without a display: feed it recorded output, read back the screen as text that redraws it.
export class VirtualTerminal {
  private readonly terminal: Terminal;
  private readonly serializer = new SerializeAddon();
  private readonly scrollback: number;

  constructor(options: VirtualTerminalOptions = DEFAULT_SIZE) {
    this.scrollback = options.scrollback ?? DEFAULT_SCROLLBACK;
    this.terminal = new Terminal({
      ...clampSize(options),
      scrollback: this.scrollback,
      allowProposedApi: true,
      logLevel: 'off',
    });
    this.terminal.loadAddon(this.serializer);
  }

  // A terminal showing what `screen` (from serialize()) showed, at the size it was taken.
  static async restore(screen: string, options: VirtualTerminalOptions): Promise<VirtualTerminal> {
    const terminal = new VirtualTerminal(options);
    await terminal.write(screen);
    return terminal;
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  // Resolves once xterm has parsed the data (and everything written before it).
  write(data: string): Promise<void> {
    return new Promise((resolve) => this.terminal.write(data, resolve));
  }

  // Takes effect at once: await earlier writes first, or they are parsed at the new size.
  resize(size: TerminalSize): void {
    const { cols, rows } = clampSize(size);
    if (cols === this.cols && rows === this.rows) return;
    dropAlternateRowsAbove(this.terminal);
    this.terminal.resize(cols, rows);
    cutAlternateLines(this.terminal);
  }

  // Written to a fresh terminal of the same size, redraws this screen: scrollback, colours, modes, cursor.
  serialize(): string {
    let screen = withWrapJoinsFilled(this.terminal, () =>
      this.serializer.serialize({ scrollback: this.scrollback }),
    );
    const enter =
      this.terminal.buffer.active.type === 'alternate' ? screen.indexOf(ENTER_ALTERNATE) : -1;
    if (enter >= 0)
      screen = screen.slice(0, enter) + savedNormalCursor(this.terminal) + screen.slice(enter);
    return screen + unserializedState(this.terminal);
  }

  // The visible lines without trailing blanks: what a person would read off the screen.
  screenText(): string[] {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.rows; row++) {
      const line = buffer.getLine(buffer.viewportY + row);
      lines.push(line?.translateToString(true, 0, this.cols).trimEnd() ?? '');
    }
    return lines;
  }

  // The visible lines with a marker wherever the look changes (colours, bold, inverse...): two screens that look
  // the same give the same lines, whatever invisible differences their cells hold (the colour of a blank).
  screenLook(): string[] {
    const buffer = this.terminal.buffer.active;
    const cell = buffer.getNullCell();
    const lines: string[] = [];
    for (let row = 0; row < this.rows; row++) {
      const line = buffer.getLine(buffer.viewportY + row);
      let text = '';
      let look = '';
      for (let col = 0; col < this.cols && line; col++) {
        line.getCell(col, cell);
        if (cell.getWidth() === 0) continue; // the right half of a wide character
        const chars = cell.getChars() || ' ';
        const cellLook = lookOf(cell, chars === ' ');
        if (cellLook !== look) text += `{${cellLook}}`;
        look = cellLook;
        text += chars;
      }
      lines.push(text);
    }
    return lines;
  }

  cursor(): { x: number; y: number; buffer: 'normal' | 'alternate' } {
    const buffer = this.terminal.buffer.active;
    return { x: buffer.cursorX, y: buffer.cursorY, buffer: buffer.type };
  }

  dispose(): void {
    this.terminal.dispose();
  }
}

export function clampSize(size: TerminalSize): TerminalSize {
  return {
    cols: Math.min(Math.max(1, Math.floor(size.cols)), MAX_SIZE.cols),
    rows: Math.min(Math.max(1, Math.floor(size.rows)), MAX_SIZE.rows),
  };
}

type Cell = ReturnType<Terminal['buffer']['active']['getNullCell']>;

function lookOf(cell: Cell, blank: boolean): string {
  const foreground = `${cell.getFgColorMode()}:${cell.getFgColor()}`;
  const background = `${cell.getBgColorMode()}:${cell.getBgColor()}`;
  const inverse = cell.isInverse() !== 0;
  const lines = `${cell.isUnderline()}${cell.isStrikethrough()}${cell.isOverline()}`;
  // On a blank only what paints the cell shows: the background (the foreground when inverted) and lines.
  if (blank) return `${inverse ? foreground : background}${inverse ? 'i' : ''}${lines}`;
  const flags = [
    cell.isBold(),
    cell.isItalic(),
    cell.isDim(),
    inverse,
    cell.isInvisible(),
    cell.isBlink(),
  ]
    .map((flag) => (flag ? 1 : 0))
    .join('');
  return `${foreground}/${background}/${flags}${lines}`;
}
