import { EventType } from '../catalogue';

type Payload = Record<string, unknown>;

export interface Upcaster {
  // Lifts a payload of version `from` to version `from + 1`.
  from: number;
  up(payload: Payload): Payload;
}

// terminal.resize v1 carried asciicast's "COLSxROWS" string; v2 has numbers.
const resizeV1toV2: Upcaster = {
  from: 1,
  up(payload) {
    const size = String(payload['size'] ?? '');
    const match = /^(\d+)x(\d+)$/.exec(size);
    if (!match) return payload; // left for the v2 schema to reject with a clear field error
    return { cols: Number(match[1]), rows: Number(match[2]) };
  },
};

export const upcasters: Partial<Record<EventType, Upcaster[]>> = {
  'terminal.resize': [resizeV1toV2],
};

export function upcast(type: EventType, v: number, payload: Payload, current: number): Payload {
  let lifted = payload;
  for (let version = v; version < current; version++) {
    const step = upcasters[type]?.find((u) => u.from === version);
    if (!step) throw new Error(`no upcaster for ${type} v${version} -> v${version + 1}`);
    lifted = step.up(lifted);
  }
  return lifted;
}
