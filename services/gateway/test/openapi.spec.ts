import { GatewayTestContext } from './gateway-test-context';

describe('API documentation', () => {
  let ctx: GatewayTestContext;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
  });
  afterAll(() => ctx.close());

  it('serves the OpenAPI document with every route, its parameters and bearer auth', async () => {
    const reply = await ctx.get('/api/openapi.json');
    expect(reply.status).toBe(200);
    const doc = reply.body;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/ingest',
      '/api/v1/me',
      '/api/v1/search',
      '/api/v1/sessions',
      '/api/v1/sessions/{id}',
      '/api/v1/sessions/{id}/events',
      '/api/v1/sessions/{id}/keyframes',
      '/api/v1/sessions/{id}/screen',
      '/api/v1/sessions/{id}/shares',
      '/api/v1/shared/{token}',
      '/api/v1/shared/{token}/events',
      '/api/v1/shares/{id}',
      '/api/v1/timeline',
    ]);
    const timelineParams = doc.paths['/api/v1/timeline'].get.parameters.map(
      (p: { name: string; in: string }) => `${p.in}:${p.name}`,
    );
    expect(timelineParams.sort()).toEqual([
      'query:branch',
      'query:cursor',
      'query:limit',
      'query:repo',
      'query:since',
      'query:until',
      'query:user',
    ]);
    const screenParams = doc.paths['/api/v1/sessions/{id}/screen'].get.parameters.map(
      (p: { name: string; in: string }) => `${p.in}:${p.name}`,
    );
    expect(screenParams.sort()).toEqual(['path:id', 'query:at', 'query:seq']);
    expect(
      doc.paths['/api/v1/search'].get.parameters.find((p: { name: string }) => p.name === 'q')
        .required,
    ).toBe(true);
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.paths['/api/v1/ingest'].post.requestBody.content).toHaveProperty([
      'application/vnd.backtrack.batch+json; version=1',
    ]);
  });

  it('serves the interactive documentation', async () => {
    const reply = await fetch(`${ctx.baseUrl}/api/docs`);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain('swagger-ui');
  });
});
