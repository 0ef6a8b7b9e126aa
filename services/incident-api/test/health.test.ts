import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

describe('health and errors', () => {
  it('answers liveness and readiness with the engine in use', async () => {
    await t.api.get('/healthz').expect(200, { status: 'ok' });
    const ready = await t.api.get('/readyz').expect(200);
    expect(ready.body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('answers an unknown route with problem+json', async () => {
    const res = await t.api.get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, type: '/problems/route-not-found' });
  });
});
