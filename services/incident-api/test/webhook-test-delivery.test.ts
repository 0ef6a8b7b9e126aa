/**
 * POST /webhooks/{id}/test: a sample notice goes out synchronously through the outbox worker's
 * delivery code, to a real receiver on the loopback; the receiver's answer is the result.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deliveryAttempts, outbox } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

interface Received {
  headers: IncomingMessage['headers'];
  rawBody: string;
}

let t: TestApp;
let server: Server;
let base: string;
const received: Received[] = [];
/** What the receiver answers next. */
let answer = { status: 200, body: 'ok' };

beforeAll(async () => {
  t = await createTestApp();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

async function createGeneric(id: string, secret: string | undefined) {
  await t.api
    .post('/api/v1/webhooks')
    .set(t.auth(AS.admin))
    .send({
      id,
      name: id,
      kind: 'generic',
      url: `${base}/hooks/${id}`,
      active: false,
      ...(secret ? { secret } : {}),
    })
    .expect(201);
}

async function deliveryRows() {
  const [o] = await t.database.db.select({ n: count() }).from(outbox);
  const [a] = await t.database.db.select({ n: count() }).from(deliveryAttempts);
  return { outbox: o!.n, attempts: a!.n };
}

describe('webhook test delivery', () => {
  it('posts a signed sample notice the receiver can verify, and says it was delivered', async () => {
    const secret = 'receiver-shared-secret';
    await createGeneric('test-receiver', secret);
    const before = await deliveryRows();
    received.length = 0;
    answer = { status: 200, body: 'ok' };

    const res = await t.api
      .post('/api/v1/webhooks/test-receiver/test')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(res.body).toEqual({ delivered: true, status: 200, durationMs: expect.any(Number) });

    expect(received).toHaveLength(1);
    const [request] = received;
    // The receiver's own check: HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret.
    const timestamp = request!.headers['x-ovms-timestamp'] as string;
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.${request!.rawBody}`)
      .digest('hex');
    expect(request!.headers['x-ovms-signature']).toBe(`sha256=${expected}`);
    expect(request!.headers['x-ovms-delivery']).toMatch(/^test-[0-9a-f-]{36}$/);
    const body = JSON.parse(request!.rawBody);
    expect(body).toMatchObject({
      type: 'notice',
      notice: { kind: 'warning', percent: 75 },
      incident: { priority: 'P3' },
    });
    expect(body.message.subject).toContain('通知推送测试');

    // Not a notice: nothing in the outbox or the delivery log; the audit trail has the test.
    expect(await deliveryRows()).toEqual(before);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, 'test-receiver'));
    expect(audit.map((entry) => entry.action)).toEqual(['webhook.create', 'webhook.test']);
    expect(audit[1]!.after).toMatchObject({ delivered: true, status: 200 });
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('reports a receiver answering 500 as a failed result, not as an error of its own', async () => {
    await createGeneric('failing-receiver', undefined);
    const before = await deliveryRows();
    received.length = 0;
    answer = { status: 500, body: 'receiver is down' };

    const res = await t.api
      .post('/api/v1/webhooks/failing-receiver/test')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(res.body).toEqual({
      delivered: false,
      status: 500,
      durationMs: expect.any(Number),
      error: 'HTTP 500: receiver is down',
    });
    expect(received).toHaveLength(1);
    // Unsigned without a secret, as real notices are.
    expect(received[0]!.headers['x-ovms-signature']).toBeUndefined();
    expect(await deliveryRows()).toEqual(before);
  });

  it('answers 404 problem+json for a webhook that does not exist, and 403 to a non-admin', async () => {
    const res = await t.api
      .post('/api/v1/webhooks/no-such-webhook/test')
      .set(t.auth(AS.admin))
      .expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 404,
      detail: 'Webhook no-such-webhook does not exist.',
    });
    await t.api.post('/api/v1/webhooks/test-receiver/test').set(t.auth(AS.desk)).expect(403);
  });
});
