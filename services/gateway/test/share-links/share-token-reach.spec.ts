import { Member } from '../gateway-test-context';
import { FAILING_LOGIN, MOMENT_TEXT } from './failing-login.recording';
import { ShareTestContext } from './share-test-context';

const SHARED_ROUTES = ['GET /api/v1/shared/{token}', 'GET /api/v1/shared/{token}/events'];

// Every route the API documents, as "METHOD /path/{param}": new routes are covered as they are added.
async function documentedRoutes(ctx: ShareTestContext): Promise<string[]> {
  const doc = (await ctx.request('GET', '/api/openapi.json')).body;
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('what a share token reaches', () => {
  let ctx: ShareTestContext;
  let ada: Member;
  let link: { id: string; token: string; sessionId: string };

  beforeAll(async () => {
    ctx = await ShareTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    const session = await ctx.recordSession(ada, FAILING_LOGIN);
    link = await ctx.shareLink(ada, session.sessionId, {
      at: { seq: session.seqOf(MOMENT_TEXT) },
    });
  });
  afterAll(() => ctx.close());

  it('opens its two routes and is refused (401) by every other route of the API', async () => {
    const routes = await documentedRoutes(ctx);
    expect(routes).toEqual(expect.arrayContaining(SHARED_ROUTES));
    const others = routes.filter((route) => !SHARED_ROUTES.includes(route));
    expect(others.length).toBeGreaterThanOrEqual(10);

    const answers: Record<string, number> = {};
    for (const route of others) {
      const [method, template] = route.split(' ') as [string, string];
      // Real ids, so only the token can be the reason for a refusal.
      const path = template
        .replace('/shares/{id}', `/shares/${link.id}`)
        .replace(/\{[^}]+\}/g, link.sessionId);
      const reply = await ctx.request(method, path, {
        token: link.token,
        ...(method === 'POST' ? { json: {} } : {}),
      });
      answers[route] = reply.status;
      expect(reply.body.message).toMatch(/a share link token opens only its own moment/);
    }
    expect(answers).toEqual(Object.fromEntries(others.map((route) => [route, 401])));
    expect((await ctx.shared(link.token)).status).toBe(200);
    expect((await ctx.shared(link.token, '/events')).status).toBe(200);
  });

  it('leaves every documented route but the two shared ones behind the bearer token', async () => {
    const doc = (await ctx.request('GET', '/api/openapi.json')).body;
    const open = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>)
      .flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, operation]) => !operation.security)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(open).toEqual(SHARED_ROUTES);
  });

  it('is not an API token, nor is an API token a share token', async () => {
    const asApiToken = await ctx.request('GET', '/api/v1/me', { token: link.token });
    expect(asApiToken.status).toBe(401);
    expect((await ctx.shared(ada.token)).status).toBe(404);
  });
});
