import { BATCH_CONTENT_TYPE } from '@backtrack/events';

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

// The CLI's one way to talk to the gateway: ingest for agents, GET for questions.
export class GatewayClient {
  constructor(
    readonly server: string,
    private readonly token: string | undefined,
  ) {}

  async ingest(body: Buffer): Promise<void> {
    await this.request('POST', '/api/v1/ingest', { body, contentType: BATCH_CONTENT_TYPE });
  }

  async get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) params.set(key, String(value));
    const qs = params.toString();
    return (await this.request('GET', qs ? `${path}?${qs}` : path)) as T;
  }

  async post<T>(path: string, json: unknown): Promise<T> {
    return (await this.request('POST', path, {
      body: Buffer.from(JSON.stringify(json)),
      contentType: 'application/json',
    })) as T;
  }

  async delete(path: string): Promise<void> {
    await this.request('DELETE', path);
  }

  private async request(
    method: string,
    path: string,
    send?: { body: Buffer; contentType: string },
  ): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (send) headers['content-type'] = send.contentType;
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, {
        method,
        headers,
        // A plain Uint8Array fits both Node's and the DOM's fetch typings.
        ...(send ? { body: new Uint8Array(send.body) } : {}),
      });
    } catch (error) {
      throw new GatewayError(
        0,
        `cannot reach Backtrack at ${this.server}: ${(error as Error).cause ?? (error as Error).message}`,
      );
    }
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const message =
        (json as { message?: string } | undefined)?.message ?? (text || response.statusText);
      if (response.status === 401) {
        throw new GatewayError(
          401,
          `${this.server} rejected the token (${message}); run \`backtrack login --server ${this.server} --token TOKEN\` with a valid token`,
        );
      }
      throw new GatewayError(response.status, `${method} ${path}: ${response.status} ${message}`);
    }
    return json;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
