// The parts of an xterm cell (or of its current pen) that SGR sets; xterm's cells and pen both have them.
export interface Attributes {
  isFgRGB(): boolean | number;
  isFgPalette(): boolean | number;
  getFgColor(): number;
  isBgRGB(): boolean | number;
  isBgPalette(): boolean | number;
  getBgColor(): number;
  isBold(): number;
  isDim(): number;
  isItalic(): number;
  isUnderline(): number;
  isBlink(): number;
  isInverse(): number;
  isInvisible(): number;
  isStrikethrough(): number;
  isOverline(): number;
}

// One SGR sequence that sets exactly these attributes, starting from the defaults.
export function sgrOf(attributes: Attributes): string {
  const codes = [0];
  colour(codes, 30, attributes.isFgRGB(), attributes.isFgPalette(), attributes.getFgColor());
  colour(codes, 40, attributes.isBgRGB(), attributes.isBgPalette(), attributes.getBgColor());
  const flags: Array<[number, number]> = [
    [attributes.isBold(), 1],
    [attributes.isDim(), 2],
    [attributes.isItalic(), 3],
    [attributes.isUnderline(), 4],
    [attributes.isBlink(), 5],
    [attributes.isInverse(), 7],
    [attributes.isInvisible(), 8],
    [attributes.isStrikethrough(), 9],
    [attributes.isOverline(), 53],
  ];
  for (const [set, code] of flags) if (set) codes.push(code);
  return `\x1b[${codes.join(';')}m`;
}

function colour(
  codes: number[],
  base: 30 | 40,
  rgb: boolean | number,
  palette: boolean | number,
  value: number,
): void {
  if (rgb) codes.push(base + 8, 2, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
  else if (palette && value >= 16) codes.push(base + 8, 5, value);
  else if (palette) codes.push(value & 8 ? base + 60 + (value & 7) : base + (value & 7));
}
