// OSC and DCS/SOS/PM/APC strings (to BEL or ST), CSI sequences, two- and three-byte escapes; 8-bit C1 forms too.
const ESCAPE_SEQUENCE =
  /(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|(?:\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-OQ-WYZ\\`a-~]/g;
// A sequence cut off by the end of the event: dropped rather than shown half.
const UNFINISHED_SEQUENCE =
  /(?:\x1b\]|\x9d|\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*$|(?:\x1b\[|\x9b)[0-?]*[ -/]*$|\x1b[ -/]*$/;
const CARRIAGE_RETURN = /\r\n?/g;
const OTHER_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

// What a person reading a command's output wants: the text, without colours, titles or shell-integration marks.
export function stripTerminalControls(data: string): string {
  return data
    .replace(ESCAPE_SEQUENCE, '')
    .replace(UNFINISHED_SEQUENCE, '')
    .replace(CARRIAGE_RETURN, '\n')
    .replace(OTHER_CONTROLS, '');
}
