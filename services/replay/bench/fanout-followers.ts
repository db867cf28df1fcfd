// The bench's WebSocket followers, forked by fanout.bench.ts (IPC) so that reading every socket does not slow the
// capture agent down. Each checks it gets every seq once and in order; latency = receipt - event.at (one clock).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { Histogram } from './histogram';

export interface FollowersStart {
  type: 'start';
  // ws://host:port/api/v1/sessions/ID/follow?after=N
  url: string;
  token: string;
  followers: number;
  // The seq the followers already have: each expects after + 1, after + 2...
  after: number;
  connectConcurrency: number;
}

export interface FollowersProgress {
  type: 'progress';
  connected: number;
  refused: number;
  open: number;
  events: number;
  ended: number;
}

export interface FollowersReport {
  type: 'report';
  connected: number;
  refusals: string[];
  latency: Array<[number, number]>;
  maxLatency: number;
  // Every event delivered, in order and once, as the protocol promises (skipped ones excepted).
  events: number;
  duplicates: number;
  // Times a follower saw a seq beyond the next one with no `skipped` notice, and the events so missed.
  gaps: number;
  missing: number;
  skippedNotices: number;
  skippedEvents: number;
  snapshots: number;
  // The protocol is JSON text: a binary frame is a bug.
  binaryFrames: number;
  ended: number;
  // Followers whose last seq is the session's last (given in the report request).
  complete: number;
  closedEarly: number;
  errors: string[];
  cpuSeconds: number;
  eventLoopDelayP99Ms: number;
  // Per seq, when the first and the last follower got it (epoch ms; 0: nobody did).
  firstReceipt: number[];
  lastReceipt: number[];
}

type Request = FollowersStart | { type: 'report'; lastSeq: number };

const EVENTS_PREFIX = Buffer.from('{"type":"events"');
const SEQ = Buffer.from('"seq":');
const AT = Buffer.from('"at":');

class Follower {
  next: number;
  ended = false;
  closed = false;

  constructor(after: number) {
    this.next = after + 1;
  }
}

const latency = new Histogram();
const counts = {
  events: 0,
  duplicates: 0,
  gaps: 0,
  missing: 0,
  skippedNotices: 0,
  skippedEvents: 0,
  snapshots: 0,
  binaryFrames: 0,
  ended: 0,
  closedEarly: 0,
};
const receipts = { first: [] as number[], last: [] as number[] };
const followers: Follower[] = [];
const sockets: WebSocket[] = [];
const refusals: string[] = [];
const errors: string[] = [];
let refused = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let cpuAtStart = process.cpuUsage();

// Reads the digits at `at`; where they end is left in intEnd (no array to allocate per number).
let intEnd = 0;
function readInt(buffer: Buffer, at: number): number {
  let value = 0;
  let i = at;
  for (let digit = buffer[i]! - 48; digit >= 0 && digit <= 9; digit = buffer[++i]! - 48)
    value = value * 10 + digit;
  intEnd = i;
  return value;
}

const TYPE_KEY = Buffer.from(',"type":"');
const AT_KEY = Buffer.from('","at":');

// In JS: native calls cost more than comparing a few bytes.
function matches(buffer: Buffer, at: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (buffer[at + i] !== bytes[i]) return false;
  return true;
}

const SEQ_TAIL = Buffer.from('q":');

// Where the next "seq": is. Buffer.indexOf looks for a short needle's first byte with memchr, and JSON is full of
// quotes: searching for the rare 'q' and checking what comes before is several times faster.
function findSeq(data: Buffer, from: number): number {
  for (
    let tail = data.indexOf(SEQ_TAIL, from + 3);
    tail >= 0;
    tail = data.indexOf(SEQ_TAIL, tail + 1)
  )
    if (matches(data, tail - 3, SEQ)) return tail - 3;
  return -1;
}

// The replay sends every follower the same bytes for a batch. The followers share one machine here, not one each, so
// the scan of a message is kept and reused for the followers whose bytes are the same, compared byte for byte.
interface Scanned {
  bytes: Buffer;
  seqs: number[];
  ats: number[];
}
const recentScans: Scanned[] = [];
const RECENT_SCANS = 8;

function onEventsMessage(follower: Follower, data: Buffer, receivedAt: number): void {
  let scanned = recentScans.find((scan) => scan.bytes.equals(data));
  if (!scanned) {
    scanned = { bytes: data, seqs: [], ats: [] };
    const into = scanned;
    scanEvents(data, (seq, at) => {
      into.seqs.push(seq);
      into.ats.push(at);
    });
    recentScans.unshift(scanned);
    recentScans.length = Math.min(recentScans.length, RECENT_SCANS);
  }
  for (let i = 0; i < scanned.seqs.length; i++)
    onEvent(follower, scanned.seqs[i]!, scanned.ats[i]!, receivedAt);
}

// Only seq and at are needed, so an events message is scanned, not parsed: one search per event for "seq", then the
// envelope's fixed order (seq, type, at) leads to "at"; a search for "at" if the order ever differs.
function scanEvents(data: Buffer, found: (seq: number, at: number) => void): void {
  let position = 0;
  for (;;) {
    const seqAt = findSeq(data, position);
    if (seqAt < 0) return;
    const seq = readInt(data, seqAt + SEQ.length);
    const seqEnd = intEnd;
    let atAt = -1;
    if (matches(data, seqEnd, TYPE_KEY)) {
      let typeEnd = seqEnd + TYPE_KEY.length;
      while (typeEnd < data.length && data[typeEnd] !== 0x22) typeEnd++; // the type's closing quote
      if (matches(data, typeEnd, AT_KEY)) atAt = typeEnd + AT_KEY.length;
    }
    if (atAt < 0) {
      const found = data.indexOf(AT, seqEnd);
      if (found < 0) return;
      atAt = found + AT.length;
    }
    const at = readInt(data, atAt);
    position = intEnd;
    found(seq, at);
  }
}

function onEvent(follower: Follower, seq: number, at: number, receivedAt: number): void {
  if (seq < follower.next) {
    counts.duplicates++;
    return;
  }
  if (seq > follower.next) {
    counts.gaps++;
    counts.missing += seq - follower.next;
  }
  follower.next = seq + 1;
  counts.events++;
  latency.record(receivedAt - at);
  receipts.first[seq] ??= receivedAt;
  receipts.last[seq] = receivedAt;
}

function onOther(follower: Follower, text: string): void {
  const message = JSON.parse(text) as {
    type: string;
    seq?: number;
    fromSeq?: number;
    toSeq?: number;
    message?: string;
  };
  if (message.type === 'skipped') {
    counts.skippedNotices++;
    counts.skippedEvents += message.toSeq! - message.fromSeq! + 1;
  } else if (message.type === 'snapshot') {
    counts.snapshots++;
    follower.next = message.seq! + 1;
  } else if (message.type === 'ended') {
    follower.ended = true;
    counts.ended++;
  } else if (message.type === 'error' && errors.length < 5) errors.push(message.message!);
}

function connect(start: FollowersStart): Promise<void> {
  const follower = new Follower(start.after);
  return new Promise((resolve) => {
    const ws = new WebSocket(start.url, {
      headers: { authorization: `Bearer ${start.token}` },
      perMessageDeflate: false,
      // The bench checks seqs, not text: validating 250 MB/s of UTF-8 would only load the machine it measures.
      skipUTF8Validation: true,
    });
    ws.on('unexpected-response', (_request, response) => {
      refused++;
      if (refusals.length < 5) refusals.push(`HTTP ${response.statusCode}`);
      ws.terminate();
      resolve();
    });
    ws.on('error', (error) => {
      if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CLOSED) {
        refused++;
        if (refusals.length < 5) refusals.push(error.message);
        resolve();
      } else if (errors.length < 5) errors.push(error.message);
    });
    ws.on('open', () => {
      followers.push(follower);
      sockets.push(ws);
      resolve();
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const receivedAt = Date.now();
      if (isBinary) counts.binaryFrames++;
      if (
        data.length > EVENTS_PREFIX.length &&
        data.compare(EVENTS_PREFIX, 0, EVENTS_PREFIX.length, 0, EVENTS_PREFIX.length) === 0
      )
        onEventsMessage(follower, data, receivedAt);
      else onOther(follower, data.toString());
    });
    ws.on('close', () => {
      if (follower.closed) return;
      follower.closed = true;
      if (!follower.ended && followers.includes(follower)) counts.closedEarly++;
    });
  });
}

async function connectAll(start: FollowersStart): Promise<void> {
  let started = 0;
  const lanes = Array.from(
    { length: Math.min(start.connectConcurrency, start.followers) },
    async () => {
      while (started < start.followers) {
        started++;
        await connect(start);
      }
    },
  );
  await Promise.all(lanes);
}

function progress(): FollowersProgress {
  return {
    type: 'progress',
    connected: followers.length,
    refused,
    open: sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length,
    events: counts.events,
    ended: counts.ended,
  };
}

function report(lastSeq: number): FollowersReport {
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    type: 'report',
    connected: followers.length,
    refusals,
    latency: latency.toPairs(),
    maxLatency: latency.max,
    ...counts,
    complete: followers.filter((follower) => follower.next === lastSeq + 1).length,
    errors,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    firstReceipt: Array.from(receipts.first, (ms) => ms ?? 0),
    lastReceipt: Array.from(receipts.last, (ms) => ms ?? 0),
  };
}

const send = (message: FollowersProgress | FollowersReport) => process.send!(message);

process.on('message', (request: Request) => {
  if (request.type === 'start') {
    const ticker = setInterval(() => send(progress()), 1000);
    void connectAll(request).then(() => {
      // The figures are about following, not connecting: CPU and loop delay count from here.
      cpuAtStart = process.cpuUsage();
      loopDelay.enable();
      send(progress());
      ticker.refresh();
    });
  } else if (request.type === 'report') {
    send(report(request.lastSeq));
  }
});
// The bench went away: close the sockets and go.
process.on('disconnect', () => {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
