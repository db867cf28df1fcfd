// OSC 633 values: `\` becomes `\\`, `;` and bytes <= 0x20 become `\xAB`, so a value never contains a raw `;` or control byte.
export function escapeShellIntegrationValue(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '\\') escaped += '\\\\';
    else if (char === ';' || code <= 0x20) escaped += `\\x${code.toString(16).padStart(2, '0')}`;
    else escaped += char;
  }
  return escaped;
}

// Escaped bytes are collected and decoded as UTF-8, so a writer that escapes every byte of a character is read right too.
export function unescapeShellIntegrationValue(escaped: string): string {
  if (!escaped.includes('\\')) return escaped;
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const char = escaped[i]!;
    if (char === '\\' && escaped[i + 1] === '\\') {
      bytes.push(0x5c);
      i++;
    } else if (
      char === '\\' &&
      escaped[i + 1] === 'x' &&
      /^[0-9a-fA-F]{2}$/.test(escaped.slice(i + 2, i + 4))
    ) {
      bytes.push(parseInt(escaped.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      const code = escaped.codePointAt(i)!;
      bytes.push(...Buffer.from(String.fromCodePoint(code)));
      if (code > 0xffff) i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
