import { AnyEvent, createEvent, EventType, PayloadInput, uuidv7 } from '@backtrack/events';
import { appendEvents } from '@backtrack/store';
import { AnyJson, GatewayTestContext, Member, Reply } from '../gateway-test-context';

const SECOND = 1000;

// A step of a recorded session: what happened, this long after it started ("23:22", "23:22.5" or ms).
export type Step =
  | { at: string | number; output: string }
  | { at: string | number; event: { type: EventType; payload: unknown } };

export interface Recording {
  sessionId: string;
  events: AnyEvent[];
  startedAt: number;
  // The seq of the first step whose output contains this text.
  seqOf(text: string): number;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

// The gateway test world, plus sessions recorded into the event store and share-link requests.
export class ShareTestContext {
  private constructor(readonly gateway: GatewayTestContext) {}

  static async start(): Promise<ShareTestContext> {
    return new ShareTestContext(await GatewayTestContext.start());
  }

  get baseUrl(): string {
    return this.gateway.baseUrl;
  }

  get db() {
    return this.gateway.db;
  }

  teamWithUser(team: string, user: string): Promise<Member> {
    return this.gateway.teamWithUser(team, user);
  }

  userIn(team: string, user: string): Promise<Member> {
    return this.gateway.userIn(team, user);
  }

  // Stored as the projector stores them (the event store), from session.started to session.ended.
  async recordSession(
    member: Member,
    steps: Step[],
    options: { endAt?: string; title?: string; cols?: number; rows?: number } = {},
  ): Promise<Recording> {
    const sessionId = uuidv7();
    const startedAt = Date.UTC(2026, 10, 17, 9, 0, 0);
    const actor = { user: member.user, host: `${member.user}-laptop` };
    let seq = 0;
    const event = (type: EventType, payload: unknown, offset: number) =>
      createEvent({
        sessionId,
        seq: ++seq,
        type,
        payload: payload as PayloadInput<EventType>,
        actor,
        at: startedAt + offset,
      });
    const events = [
      event(
        'session.started',
        {
          source: 'terminal',
          cols: options.cols ?? 80,
          rows: options.rows ?? 24,
          shell: 'bash',
          ...(options.title ? { title: options.title } : {}),
          agent: { name: 'test', version: '0' },
        },
        0,
      ),
      ...steps.map((step) =>
        'output' in step
          ? event('terminal.output', { data: step.output }, offsetMs(step.at))
          : event(step.event.type, step.event.payload, offsetMs(step.at)),
      ),
    ];
    if (options.endAt)
      events.push(event('session.ended', { exitCode: 0 }, offsetMs(options.endAt)));
    await appendEvents(this.db, events);
    const seqOf = (text: string) => {
      const found = events.find(
        (e) => e.type === 'terminal.output' && (e.payload as { data: string }).data.includes(text),
      );
      if (!found) throw new Error(`no output "${text}" in the recording`);
      return found.seq;
    };
    return { sessionId, events, startedAt, seqOf };
  }

  share(member: Member, sessionId: string, json?: unknown): Promise<Reply> {
    return this.request('POST', `/api/v1/sessions/${sessionId}/shares`, {
      token: member.token,
      ...(json === undefined ? {} : { json }),
    });
  }

  // A link that must be made: fails the test with the gateway's message otherwise.
  async shareLink(member: Member, sessionId: string, json?: unknown): Promise<AnyJson> {
    const reply = await this.share(member, sessionId, json);
    if (reply.status !== 201)
      throw new Error(`share failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  listShares(member: Member, sessionId: string): Promise<Reply> {
    return this.request('GET', `/api/v1/sessions/${sessionId}/shares`, { token: member.token });
  }

  revoke(member: Member, shareId: string): Promise<Reply> {
    return this.request('DELETE', `/api/v1/shares/${shareId}`, { token: member.token });
  }

  // What anyone holding the link can ask, with no account.
  shared(token: string, path = ''): Promise<Reply> {
    return this.request('GET', `/api/v1/shared/${token}${path}`);
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the raw text is what the test sees
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  close(): Promise<void> {
    return this.gateway.close();
  }
}

// "23:22" or "23:22.5" (minutes:seconds) or milliseconds.
export function offsetMs(at: string | number): number {
  if (typeof at === 'number') return at;
  const match = /^(\d+):(\d{2}(?:\.\d+)?)$/.exec(at);
  if (!match) throw new Error(`step time "${at}" is not MM:SS`);
  return Math.round((Number(match[1]) * 60 + Number(match[2])) * SECOND);
}
