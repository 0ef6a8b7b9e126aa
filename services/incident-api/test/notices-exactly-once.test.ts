/**
 * Exactly once on the real PostgreSQL: two service processes (runner and outbox worker each,
 * test/notices-runner-process.ts) on one database with a shared injected clock; 1,000 incidents
 * cross their thresholds; one process is killed with SIGKILL halfway. Every notice is written
 * once and none twice, with all its notifications and outbox rows; every delivery arrives, and
 * a delivery repeated by the at-least-once outbox carries the same delivery id.
 *
 * Skipped without DATABASE_URL (PGlite is one process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidents, notices, outbox, subscriptions, webhooks } from '../src/db/schema.js';
import { createTestApp, type TestApp } from './support/app.js';
import { report, subscribeGroupsInApp } from './notices-helpers.js';

const INCIDENTS = 1_000;
const here = path.dirname(fileURLToPath(import.meta.url));

let t: TestApp;
let receiver: Server;
const deliveries = new Map<string, number>();
let clockFile: string;
const children: ChildProcess[] = [];

const setClock = (at: Date) => writeFileSync(clockFile, String(at.getTime()));

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const result = await t.database.db.execute(query);
  return Number((result as unknown as { rows: { n: string | number }[] }).rows[0]!.n);
}
const noticeCount = () => count(sql`select count(*) as n from ${notices}`);
const undelivered = () =>
  count(sql`select count(*) as n from ${outbox} where status <> 'delivered'`);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function startProcess(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', path.join(here, 'notices-runner-process.ts')],
    {
      cwd: path.join(here, '..'),
      env: { ...process.env, DATABASE_URL: t.app.config.DATABASE_URL, CLOCK_FILE: clockFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`service process exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

describe.skipIf(!process.env.DATABASE_URL)('exactly once across processes', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T09:00:00+08:00', campaignWindow: null });
    clockFile = path.join(mkdtempSync(path.join(tmpdir(), 'ovms-clock-')), 'now');
    setClock(t.clock.now());
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['x-ovms-delivery']);
        deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await subscribeGroupsInApp(t);
    await t.database.db.insert(webhooks).values({
      id: 'desk-robot',
      name: '服务台机器人',
      kind: 'generic',
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      secret: 'exactly-once',
    });
    await t.database.db.insert(subscriptions).values({
      groupId: 'desk',
      kinds: ['warning', 'breach'],
      channel: 'webhook',
      webhookId: 'desk-robot',
    });

    // One reported through the API, 999 copies of it: all cross each threshold at one instant.
    const { id } = await report(t);
    const [template] = await t.database.db.select().from(incidents).where(eq(incidents.id, id));
    const { id: _id, ...copy } = template!;
    for (let i = 1; i < INCIDENTS; i += 250) {
      const n = Math.min(250, INCIDENTS - i);
      await t.database.db.insert(incidents).values(Array.from({ length: n }, () => copy));
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => receiver?.close(resolve));
    await t?.close();
  });

  it('writes every notice once, with one process killed halfway', async () => {
    const [row] = await t.database.db.select().from(incidents).limit(1);
    const fifty = row!.nextNoticeAt!;
    // P3 of grade B: 50 % at 13:00 (the first 4 working hours); 100 % a working day later.
    const processes = await Promise.all([startProcess(), startProcess()]);

    setClock(fifty);
    await waitFor('the 50 % notices', async () => (await noticeCount()) >= INCIDENTS);
    // Delivered before the clock jumps: a jump expires every lease in flight at once.
    await waitFor('the 50 % deliveries', async () => (await undelivered()) === 0);

    // Every other threshold at once: 3,000 notices; one process dies halfway through them.
    setClock(new Date(fifty.getTime() + 7 * 86_400_000));
    await waitFor('half of the rest', async () => (await noticeCount()) >= INCIDENTS * 2.5, 60_000);
    const [victim, survivor] = processes;
    victim!.kill('SIGKILL');
    await new Promise((resolve) => victim!.once('exit', resolve));
    // Killed with work left: the survivor writes the rest.
    expect(await noticeCount()).toBeLessThan(INCIDENTS * 4);
    await waitFor('every notice', async () => (await noticeCount()) >= INCIDENTS * 4, 60_000);
    // Let the leases of the killed process's deliveries expire.
    setClock(new Date(fifty.getTime() + 8 * 86_400_000));
    await waitFor('every delivery', async () => (await undelivered()) === 0, 60_000);
    expect(survivor!.exitCode).toBeNull();

    expect(await noticeCount()).toBe(INCIDENTS * 4);
    const perKey = await count(
      sql`select count(*) as n from (select incident_id, key from ${notices} group by 1, 2 having count(*) <> 1) d`,
    );
    expect(perKey).toBe(0);
    const perIncident = await count(
      sql`select count(*) as n from (select incident_id from ${notices} group by 1 having count(*) <> 4) d`,
    );
    expect(perIncident).toBe(0);
    // Notifications: the desk's two on each warning, and the leaders' three on the breach too.
    expect(await count(sql`select count(*) as n from notifications`)).toBe(INCIDENTS * (2 * 4 + 3));
    expect(
      await count(
        sql`select count(*) as n from (select notice_id, person_id from notifications group by 1, 2 having count(*) > 1) d`,
      ),
    ).toBe(0);
    // One delivery per notice, each arrived; a repeat (a lease lost with the killed process)
    // carries the same delivery id, which the receiver de-duplicates on.
    expect(await count(sql`select count(*) as n from ${outbox}`)).toBe(INCIDENTS * 4);
    expect(deliveries.size).toBe(INCIDENTS * 4);
    // At most the killed process's lease: one batch (50) of rows in flight.
    const repeats = [...deliveries.values()].filter((n) => n > 1).length;
    expect(repeats).toBeLessThanOrEqual(50);
    expect(await count(sql`select count(*) as n from audit_log where action = 'notice.send'`)).toBe(
      INCIDENTS * 4,
    );
    survivor!.kill('SIGTERM');
    await new Promise((resolve) => survivor!.once('exit', resolve));
  }, 120_000);
});
