// The alternate screen a session may leave the user's terminal in (vim, less, htop...).
const ALT_SCREEN = /\x1b\[\?(?:1049|1047|47)([hl])/g;

// Whether the alternate screen is on after `data`, given whether it was before.
export function altScreenAfter(data: string, before: boolean): boolean {
  let on = before;
  for (const match of data.matchAll(ALT_SCREEN)) on = match[1] === 'h';
  return on;
}

// What a session may have switched on that a shell prompt must not inherit: colours, hidden cursor, mouse
// reporting, bracketed paste, application keys, a scroll region; and the alternate screen when it is on.
export function restoreSequence(altScreen: boolean): string {
  return (
    '\x1b[0m\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l\x1b>' +
    '\x1b7\x1b[r\x1b8' + // resetting the scroll region homes the cursor: keep it where it was
    (altScreen ? '\x1b[?1049l' : '')
  );
}
