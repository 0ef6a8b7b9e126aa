/**
 * The outbox worker against a real webhook receiver on loopback: a failing receiver (500) is
 * retried with exponential backoff, ends in the dead letters with its delivery log, and an
 * admin's re-send succeeds once it recovers; a lease that outlives its worker is taken over.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  deliveryAttempts,
  notices,
  outbox,
  subscriptions,
  webhooks,
} from '../src/db/schema.js';
import { deliver as deliverOverChannel } from '../src/delivery/index.js';
import {
  exponentialBackoff,
  startOutboxWorker,
  type Deliver,
} from '../src/notices/outbox-worker.js';
import { startSlaRunner, type SlaRunner } from '../src/notices/runner.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { nextNoticeAtOf, report } from './notices-helpers.js';

interface Received {
  deliveryId: string | undefined;
  body: { notice: { key: string } };
}

let t: TestApp;
let receiver: Server;
let receiverStatus = 500;
const received: Received[] = [];
let runner: SlaRunner;

async function readBody(req: IncomingMessage) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
  receiver = createServer((req, res) => {
    void readBody(req).then((text) => {
      received.push({
        deliveryId: req.headers['x-ovms-delivery'] as string | undefined,
        body: JSON.parse(text),
      });
      res.writeHead(receiverStatus, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  await t.database.db.insert(webhooks).values({
    id: 'desk-robot',
    name: '服务台机器人',
    kind: 'generic',
    url: `http://127.0.0.1:${port}/hook`,
    secret: 'test-secret',
  });
  await t.database.db.insert(subscriptions).values({
    groupId: 'desk',
    kinds: ['warning'],
    channel: 'webhook',
    webhookId: 'desk-robot',
  });
  runner = startSlaRunner({
    db: t.database.db,
    calendars: t.app.calendars,
    now: t.clock.now,
    log: t.app.log,
    pollMs: 60_000,
  });
});
afterAll(async () => {
  await runner.stop();
  await new Promise((resolve) => receiver.close(resolve));
  await t.close();
});

/** The delivery module's channels, reading webhooks from the test's database. */
const deliver: Deliver = (item) =>
  deliverOverChannel(item, {
    now: t.clock.now,
    webhooks: async (id) => {
      const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, id));
      return row;
    },
  });

/** A warning owed to the desk's robot: its outbox row. */
async function owedDelivery() {
  t.clock.set('2026-03-02T10:00:00+08:00');
  const { id } = await report(t);
  t.clock.current = (await nextNoticeAtOf(t, id))!;
  await runner.tick();
  const [row] = await t.database.db
    .select({ outbox })
    .from(outbox)
    .innerJoin(notices, eq(notices.id, outbox.noticeId))
    .where(and(eq(notices.incidentId, id), eq(notices.key, 'threshold:50')));
  expect(row).toBeDefined();
  return row!.outbox;
}

const rowOf = async (id: number) =>
  (await t.database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

describe('outbox worker', () => {
  it('backs off exponentially with jitter, capped at an hour', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => exponentialBackoff(n, { random: mid }))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ]);
    expect(exponentialBackoff(30, { random: mid })).toBe(3_600_000);
    expect(exponentialBackoff(1, { random: () => 0 })).toBe(3_750);
    expect(exponentialBackoff(1, { random: () => 1 })).toBe(6_250);
  });

  it('retries a failing webhook with backoff, then dead-letters it; a re-send succeeds', async () => {
    const owed = await owedDelivery();
    expect(owed).toMatchObject({ channel: 'webhook', target: 'desk-robot', status: 'pending' });
    const worker = startOutboxWorker({
      db: t.database.db,
      deliver,
      now: t.clock.now,
      log: t.app.log,
      pollMs: 60_000,
      maxAttempts: 3,
      backoff: (n) => 1_000 * 2 ** (n - 1),
    });
    try {
      receiverStatus = 500;
      expect(await worker.tick()).toBe(1);
      let row = await rowOf(owed.id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(1_000);
      // Not before the backoff has passed.
      expect(await worker.tick()).toBe(0);
      t.clock.advance(1_000);
      expect(await worker.tick()).toBe(1);
      row = await rowOf(owed.id);
      expect(row).toMatchObject({ status: 'pending', attempts: 2 });
      expect(row.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(2_000);
      t.clock.advance(2_000);
      expect(await worker.tick()).toBe(1);
      row = await rowOf(owed.id);
      expect(row.status).toBe('dead');
      expect(row.lastError).toMatch(/500/);
      expect(received.map((r) => r.deliveryId)).toEqual(Array(3).fill(`outbox-${owed.id}`));

      const attempts = await t.database.db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.outboxId, owed.id))
        .orderBy(asc(deliveryAttempts.id));
      expect(attempts.map((a) => [a.ok, a.statusCode])).toEqual([
        [false, 500],
        [false, 500],
        [false, 500],
      ]);

      const dead = await t.api.get('/api/v1/outbox?status=dead').set(t.auth(AS.admin)).expect(200);
      const letter = dead.body.find((d: { id: number }) => d.id === owed.id);
      expect(letter).toMatchObject({ deliveryId: `outbox-${owed.id}`, attempts: 3 });
      expect(letter.log).toHaveLength(3);
      await t.api.get('/api/v1/outbox?status=dead').set(t.auth(AS.desk)).expect(403);

      // The receiver recovers; an admin re-sends.
      receiverStatus = 200;
      const resent = await t.api
        .post(`/api/v1/outbox/${owed.id}/resend`)
        .set(t.auth(AS.admin))
        .expect(200);
      expect(resent.body).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await worker.tick()).toBe(1);
      row = await rowOf(owed.id);
      expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(received).toHaveLength(4);
      expect(received[3]!.deliveryId).toBe(`outbox-${owed.id}`);
      expect(received[3]!.body.notice.key).toBe('threshold:50');
      const audit = await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'delivery.resend'), eq(auditLog.entityId, String(owed.id))));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actorId).toBe(AS.admin);
      await t.api.post('/api/v1/outbox/999999/resend').set(t.auth(AS.admin)).expect(404);
    } finally {
      await worker.stop();
    }
  });

  it('lets another worker take over a lease whose worker died; the late answer changes nothing', async () => {
    const owed = await owedDelivery();
    received.length = 0;
    receiverStatus = 200;
    let release: (() => void) | undefined;
    // The first worker's delivery never comes back in time (a killed process, a stalled call).
    const stalled = startOutboxWorker({
      db: t.database.db,
      deliver: () =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true, statusCode: 200 });
        }),
      now: t.clock.now,
      log: t.app.log,
      pollMs: 60_000,
      leaseMs: 60_000,
    });
    const first = stalled.tick();
    await new Promise((r) => setTimeout(r, 100));
    expect(await rowOf(owed.id)).toMatchObject({ status: 'pending', attempts: 1 });
    const healthy = startOutboxWorker({
      db: t.database.db,
      deliver,
      now: t.clock.now,
      log: t.app.log,
      pollMs: 60_000,
    });
    try {
      // Within the lease nobody else takes it; after it, the healthy worker does.
      expect(await healthy.tick()).toBe(0);
      t.clock.advance(60_001);
      expect(await healthy.tick()).toBe(1);
      expect(await rowOf(owed.id)).toMatchObject({ status: 'delivered', attempts: 2 });
      release!();
      await first;
      // The stale lease's answer is logged, but the row stays as the healthy worker left it.
      expect(await rowOf(owed.id)).toMatchObject({ status: 'delivered', attempts: 2 });
      const attempts = await t.database.db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.outboxId, owed.id));
      expect(attempts).toHaveLength(2);
    } finally {
      await healthy.stop();
      release?.();
      await stalled.stop();
    }
  });
});
