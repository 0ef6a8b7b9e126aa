/**
 * DELETE /api/v1/systems/{id} and /api/v1/calendars/{id}: a record created by mistake can go, but
 * not one that something still uses — the refusal names what, so the admin knows what to change.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../src/db/client.js';
import { incidents, systems } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { auditTrail, expectProblem } from './support/assertions.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
});
afterAll(() => t.close());

const admin = {
  post: (path: string, body: object) =>
    t.api.post(`/api/v1${path}`).set(t.auth(AS.admin)).send(body),
  delete: (path: string) => t.api.delete(`/api/v1${path}`).set(t.auth(AS.admin)),
};
const hours = [{ start: '20:00', end: '23:00' }];

describe('deleting reference data', () => {
  it('refuses a calendar and a system in use, naming the users; deletes them once unused', async () => {
    await admin
      .post('/calendars', {
        id: 'night-desk',
        name: '夜间值班',
        timeZone: 'Asia/Shanghai',
        weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
      })
      .expect(201);
    await t.api
      .put('/api/v1/calendars/night-desk/exceptions/2026-03-03')
      .set(t.auth(AS.admin))
      .send({ kind: 'holiday', name: '演练' })
      .expect((res) => expect(res.status, JSON.stringify(res.body)).toBeLessThan(300));
    await admin
      .post('/systems', {
        id: 'ovms-mirror',
        name: 'OVMS 镜像',
        grade: 'C',
        calendarId: 'night-desk',
      })
      .expect(201);
    await admin
      .post('/campaigns', {
        id: 'mirror-drill',
        name: '镜像演练',
        systemIds: ['ovms-mirror'],
        startsAt: '2026-03-01T00:00:00+08:00',
        endsAt: '2026-03-08T00:00:00+08:00',
      })
      .expect(201);

    // The calendar counts the system's time; the system is named by a campaign.
    const calendarInUse = await admin.delete('/calendars/night-desk');
    expectProblem(calendarInUse, 409);
    expect(calendarInUse.body).toMatchObject({
      type: '/problems/calendar-in-use',
      uses: { systems: ['ovms-mirror'], campaigns: [], incidents: 0 },
    });
    expect(calendarInUse.body.detail).toContain('systems ovms-mirror');
    const systemInUse = await admin.delete('/systems/ovms-mirror');
    expectProblem(systemInUse, 409);
    expect(systemInUse.body).toMatchObject({
      type: '/problems/system-in-use',
      uses: { incidents: 0, campaigns: ['mirror-drill'] },
    });
    // Refusals change nothing.
    await t.api.get('/api/v1/systems/ovms-mirror').set(t.auth(AS.admin)).expect(200);

    // Only an admin deletes.
    expectProblem(await t.api.delete('/api/v1/systems/ovms-mirror').set(t.auth(AS.desk)), 403);

    await admin.delete('/campaigns/mirror-drill').expect(204);
    await admin.delete('/systems/ovms-mirror').expect(204);
    expectProblem(await t.api.get('/api/v1/systems/ovms-mirror').set(t.auth(AS.admin)), 404);
    expectProblem(await admin.delete('/systems/ovms-mirror'), 404);
    expect(await auditTrail(t, 'system', 'ovms-mirror')).toMatchObject([
      { action: 'system.create' },
      {
        action: 'system.delete',
        actorId: AS.admin,
        before: { id: 'ovms-mirror', grade: 'C' },
        after: null,
      },
    ]);

    // Unused now: the calendar goes, its dates with it.
    await admin.delete('/calendars/night-desk').expect(204);
    expectProblem(await t.api.get('/api/v1/calendars/night-desk').set(t.auth(AS.admin)), 404);
    expect((await auditTrail(t, 'calendar', 'night-desk')).at(-1)).toMatchObject({
      action: 'calendar.delete',
      before: { id: 'night-desk', name: '夜间值班' },
      after: null,
    });
  });

  it('refuses the calendar and the system incidents were reported on', async () => {
    await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send({
        channel: 'hotline_fault',
        kind: 'system_fault',
        title: '竞价页面打不开',
        description: '全网无法登录',
        symptom: 'unusable',
        scope: 'all',
        reporter: { organisation: '华南区-广东', name: '张三' },
      })
      .expect(201);
    const system = await admin.delete('/systems/ovms');
    expectProblem(system, 409);
    expect(system.body.uses.incidents).toBe(1);
    const { calendarId } = (await t.api.get('/api/v1/systems/ovms').set(t.auth(AS.admin))).body;
    const calendar = await admin.delete(`/calendars/${calendarId}`);
    expectProblem(calendar, 409);
    expect(calendar.body.uses).toMatchObject({ systems: ['ovms'], incidents: 1 });
  });

  // Two transactions at once need two connections: PGlite is one.
  it.skipIf(!process.env.DATABASE_URL)(
    'refuses a calendar that a system takes into use while the delete runs (the foreign key)',
    async () => {
      await admin
        .post('/calendars', {
          id: 'late-use',
          name: '晚到的日历',
          timeZone: 'Asia/Shanghai',
          weekly: { sat: hours },
        })
        .expect(201);
      // Another admin's transaction: a system on the calendar, not committed yet. The delete's
      // own check sees no user yet; its DELETE then waits for that transaction.
      const res = await deleteWhileUncommitted('/calendars/late-use', (tx) =>
        tx
          .insert(systems)
          .values({ id: 'late-system', name: '后来的系统', grade: 'C', calendarId: 'late-use' }),
      );
      expectProblem(res, 409);
      expect(res.body).toMatchObject({
        type: '/problems/calendar-in-use',
        uses: { systems: ['late-system'] },
      });
      await t.api.get('/api/v1/calendars/late-use').set(t.auth(AS.admin)).expect(200);
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'refuses a system that an incident is reported on while the delete runs (the foreign key)',
    async () => {
      await admin
        .post('/systems', {
          id: 'late-report',
          name: '晚到的报障',
          grade: 'C',
          calendarId: 'cn-default',
        })
        .expect(201);
      const reported = await t.api
        .post('/api/v1/incidents')
        .set(t.auth(AS.desk))
        .send({
          channel: 'hotline_fault',
          kind: 'system_fault',
          systemId: 'ovms',
          title: '报价页面打不开',
          description: '供应商打开报价页面时报错',
          symptom: 'unusable',
          scope: 'some',
          reporter: { organisation: '华南区-广东', name: '张三' },
        })
        .expect(201);
      // Another process's report on the system, not committed yet: a copy of the one above.
      const columns = Object.values(getTableColumns(incidents))
        .map((c) => c.name)
        .filter((name) => name !== 'id');
      const copied = columns.map((name) => (name === 'system_id' ? `'late-report'` : name));
      const res = await deleteWhileUncommitted('/systems/late-report', (tx) =>
        tx.execute(
          sql.raw(`insert into incidents (${columns.join(', ')})
            select ${copied.join(', ')} from incidents where id = ${Number(reported.body.id)}`),
        ),
      );
      expectProblem(res, 409);
      expect(res.body).toMatchObject({ type: '/problems/system-in-use', uses: { incidents: 1 } });
      await t.api.get('/api/v1/systems/late-report').set(t.auth(AS.admin)).expect(200);
    },
  );
});

/**
 * Runs `write` in a transaction of its own and, before it commits, DELETE `path` as the admin:
 * commits once the delete is seen waiting on a lock, and returns the delete's answer.
 */
async function deleteWhileUncommitted(path: string, write: (tx: Tx) => Promise<unknown>) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const writeDone = new Promise<void>((resolve) => (written = resolve));
  const other = t.database.db.transaction(async (tx) => {
    await write(tx);
    written();
    await held;
  });
  await writeDone;
  const deleting = admin.delete(path).then((res) => res);
  await expect.poll(lockWaits, { timeout: 10_000 }).toBeGreaterThan(0);
  release();
  await other;
  return deleting;
}

/** Backends of this database waiting for a lock: the delete has reached the other's row. */
async function lockWaits() {
  const result = await t.database.db.execute(
    sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
  );
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
}
