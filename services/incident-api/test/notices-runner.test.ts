/**
 * The SLA runner against a real database with an injected clock: thresholds at 50/75/90/100 %,
 * the P1 alert at once, pauses, re-assessments and calendar edits recomputing the next notice,
 * in-app notifications to the right people, the breach flag and the audit trail.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, incidents, notices } from '../src/db/schema.js';
import { startSlaRunner, type SlaRunner } from '../src/notices/runner.js';
import { recipientsOf } from '../src/notices/recipients.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import {
  act,
  nextNoticeAtOf,
  noticeKeys,
  notifiedPeople,
  report,
  subscribeGroupsInApp,
  waitFor,
} from './notices-helpers.js';

let t: TestApp;
let runner: SlaRunner;
beforeAll(async () => {
  // Monday 2026-03-02 10:00 Shanghai, no campaign: OVMS is grade B on the default calendar.
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
  await subscribeGroupsInApp(t);
  runner = startSlaRunner({
    db: t.database.db,
    calendars: t.app.calendars,
    now: t.clock.now,
    log: t.app.log,
    pollMs: 20,
  });
});
afterAll(async () => {
  await runner.stop();
  await t.close();
});

const DESK = ['su-shengchun', 'zhou-feiying'];
const LEADERS = ['li-wei', 'liu-sheng', 'wang-xiaofeng'];
const slaPercent = async (id: number) =>
  (await t.api.get(`/api/v1/incidents/${id}`).set(t.auth(AS.desk)).expect(200)).body.sla
    .percent as number;

describe('SLA runner', () => {
  it('fires the warnings at 50, 75 and 90 % and the breach at 100 %, each once', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00');
    const { id, priority } = await report(t);
    expect(priority).toBe('P3');
    for (const percent of [50, 75, 90, 100]) {
      const at = await nextNoticeAtOf(t, id);
      expect(at, `next notice before ${percent} %`).not.toBeNull();
      // A millisecond before the instant nothing is written.
      t.clock.current = new Date(at!.getTime() - 1);
      await runner.tick();
      expect(await noticeKeys(t, id)).not.toContain(`threshold:${percent}`);
      t.clock.current = at!;
      await waitFor(
        `threshold:${percent}`,
        () => noticeKeys(t, id),
        (keys) => keys.includes(`threshold:${percent}`),
      );
      expect(await slaPercent(id)).toBeCloseTo(percent, 0);
    }
    expect(await noticeKeys(t, id)).toEqual([
      'threshold:50',
      'threshold:75',
      'threshold:90',
      'threshold:100',
    ]);
    const [row] = await t.database.db.select().from(incidents).where(eq(incidents.id, id));
    expect(row!.nextNoticeAt).toBeNull();
    const [breach] = await t.database.db
      .select()
      .from(notices)
      .where(and(eq(notices.incidentId, id), eq(notices.key, 'threshold:100')));
    expect(breach!.kind).toBe('breach');
    expect(row!.breachedAt?.getTime()).toBe(breach!.dueAt.getTime());

    // The holding group on every warning (its lead among its members), the leaders on the breach.
    expect(await notifiedPeople(t, id, 'threshold:50')).toEqual(DESK);
    expect(await notifiedPeople(t, id, 'threshold:75')).toEqual(DESK);
    expect(await notifiedPeople(t, id, 'threshold:100')).toEqual([...DESK, ...LEADERS].sort());

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(id)), eq(auditLog.action, 'notice.send')));
    expect(audit).toHaveLength(4);
    expect(audit[0]!.credential).toBe('system:sla-runner');

    // Later passes write nothing more.
    t.clock.advance(86_400_000);
    await runner.tick();
    expect(await noticeKeys(t, id)).toHaveLength(4);
  });

  it('alerts the leaders at once on a P1, and on a re-assessment to P1', async () => {
    t.clock.set('2026-03-03T10:00:00+08:00');
    const p1 = await report(t, { scope: 'all' });
    expect(p1.priority).toBe('P1');
    await waitFor(
      'p1 alert',
      () => noticeKeys(t, p1.id),
      (keys) => keys.includes('p1:leaders'),
    );
    expect(await notifiedPeople(t, p1.id, 'p1:leaders')).toEqual(LEADERS);
    const [first] = await t.database.db
      .select()
      .from(notices)
      .where(and(eq(notices.incidentId, p1.id), eq(notices.key, 'p1:leaders')));
    // Due at the report, written by the next pass of the runner (the clock did not move).
    expect(first!.dueAt.getTime()).toBe(t.clock.now().getTime());
    expect(first!.createdAt.getTime()).toBe(t.clock.now().getTime());

    const p3 = await report(t);
    await runner.tick();
    expect(await noticeKeys(t, p3.id)).toEqual([]);
    t.clock.advance(60_000);
    await act(t, p3.id, AS.desk, {
      type: 'escalate_to_system',
      impact: 'high',
      scope: 'one',
      impactStatement: '单个供应商无法竞价',
    });
    await act(
      t,
      p3.id,
      AS.system,
      { impact: 'high', scope: 'all', reason: '全网无法竞价' },
      'reassessments',
    );
    await waitFor(
      're-assessed P1 alert',
      () => noticeKeys(t, p3.id),
      (k) => k.includes('p1:leaders'),
    );
    const [alert] = await t.database.db
      .select()
      .from(notices)
      .where(and(eq(notices.incidentId, p3.id), eq(notices.key, 'p1:leaders')));
    expect(alert).toMatchObject({ kind: 'priority_alert', priority: 'P1', holdingGroup: 'system' });
  });

  it('stops notices while paused, and recomputes on resume', async () => {
    t.clock.set('2026-03-04T09:00:00+08:00');
    const { id } = await report(t);
    const fiftyAt = (await nextNoticeAtOf(t, id))!;
    await act(t, id, AS.desk, {
      type: 'escalate_to_system',
      impact: 'high',
      scope: 'one',
      impactStatement: '单个供应商无法竞价',
    });
    await act(t, id, AS.system, { type: 'start_onsite_handling', note: '现场处理' });
    await act(t, id, AS.system, { type: 'deliver_for_final_test', note: '请验证' });
    expect(await nextNoticeAtOf(t, id)).toBeNull();
    // Long past the 50 % instant: paused, nothing is due.
    t.clock.set('2026-03-04T15:00:00+08:00');
    await runner.tick();
    expect(await noticeKeys(t, id)).toEqual([]);
    await act(t, id, AS.reporterGuangdong, { type: 'reject_fix', note: '仍有问题' });
    const resumed = (await nextNoticeAtOf(t, id))!;
    // The pause pushed the 50 % instant back; a millisecond before it nothing is written.
    expect(resumed.getTime()).toBeGreaterThan(fiftyAt.getTime());
    t.clock.current = new Date(resumed.getTime() - 1);
    await runner.tick();
    expect(await noticeKeys(t, id)).toEqual([]);
    t.clock.current = resumed;
    await waitFor(
      '50 % after resume',
      () => noticeKeys(t, id),
      (k) => k.includes('threshold:50'),
    );
  });

  it('recomputes the next notice on a change of priority', async () => {
    t.clock.set('2026-03-05T09:00:00+08:00');
    const { id } = await report(t, { scope: 'one' });
    const before = (await nextNoticeAtOf(t, id))!;
    await act(t, id, AS.desk, {
      type: 'escalate_to_system',
      impact: 'high',
      scope: 'one',
      impactStatement: '单个供应商无法竞价',
    });
    t.clock.set('2026-03-05T09:40:00+08:00');
    await act(
      t,
      id,
      AS.system,
      { impact: 'high', scope: 'some', reason: '更多供应商受影响' },
      'reassessments',
    );
    const after = (await nextNoticeAtOf(t, id))!;
    expect(after.getTime()).toBeLessThan(before.getTime());
  });

  it('recomputes when the calendar changes (a holiday added today)', async () => {
    t.clock.set('2026-03-06T09:00:00+08:00');
    const { id } = await report(t);
    const before = (await nextNoticeAtOf(t, id))!;
    await t.api
      .put('/api/v1/calendars/cn-default/exceptions/2026-03-06')
      .set(t.auth(AS.admin))
      .send({ kind: 'holiday', name: '测试假日' })
      .expect((res) => expect(res.status).toBeLessThan(300));
    const after = await waitFor(
      'recomputed next notice',
      () => nextNoticeAtOf(t, id),
      (at) => at !== null && at.getTime() > before.getTime(),
    );
    // Friday is a holiday now: the threshold moves to Monday.
    expect(after!.getTime()).toBeGreaterThan(before.getTime());
    expect(await noticeKeys(t, id)).toEqual([]);
  });
});

describe('a broken incident', () => {
  it('is set aside for a minute; the rest of the batch goes on', async () => {
    t.clock.set('2026-03-09T09:00:00+08:00');
    const broken = await report(t);
    const healthy = await report(t);
    // Bad data that the policy package cannot read, as the next look at it falls due.
    const at = (await nextNoticeAtOf(t, healthy.id))!;
    await t.database.db
      .update(incidents)
      .set({ clockEvents: 'not a clock' as never, nextNoticeAt: at })
      .where(eq(incidents.id, broken.id));
    t.clock.current = at;
    await runner.tick();
    expect(await noticeKeys(t, healthy.id)).toEqual(['threshold:50']);
    expect(await noticeKeys(t, broken.id)).toEqual([]);
    expect((await nextNoticeAtOf(t, broken.id))!.getTime()).toBe(at.getTime() + 60_000);
  });
});

describe('recipients', () => {
  const directory = {
    subscriptions: [
      {
        groupId: 'desk',
        leadsOnly: false,
        personId: null,
        kinds: ['warning'],
        channel: 'in_app' as const,
        webhookId: null,
      },
      {
        groupId: 'desk',
        leadsOnly: true,
        personId: null,
        kinds: ['warning'],
        channel: 'email' as const,
        webhookId: null,
      },
      {
        groupId: 'desk',
        leadsOnly: false,
        personId: null,
        kinds: ['warning'],
        channel: 'webhook' as const,
        webhookId: 'desk-robot',
      },
      {
        groupId: null,
        leadsOnly: false,
        personId: 'boss',
        kinds: ['breach'],
        channel: 'in_app' as const,
        webhookId: null,
      },
    ],
    members: [
      { groupId: 'desk', personId: 'lead', isLead: true },
      { groupId: 'desk', personId: 'agent', isLead: false },
    ],
    emails: new Map([
      ['lead', 'lead@example.test'],
      ['agent', 'agent@example.test'],
      ['boss', null],
    ]),
    activeWebhooks: new Set(['desk-robot']),
  };

  it('resolves the holding group, its lead alone, subscriptions by kind and channel', () => {
    const group = recipientsOf(
      { kind: 'warning', audience: ['holding_group'], holdingGroup: 'desk' },
      directory,
    );
    expect(group).toEqual({
      inApp: ['agent', 'lead'],
      email: [{ personId: 'lead', address: 'lead@example.test' }],
      webhooks: ['desk-robot'],
    });
    const lead = recipientsOf(
      { kind: 'warning', audience: ['holding_group_lead'], holdingGroup: 'desk' },
      directory,
    );
    expect(lead.inApp).toEqual(['lead']);
    const elsewhere = recipientsOf(
      { kind: 'warning', audience: ['holding_group'], holdingGroup: 'vendor' },
      directory,
    );
    expect(elsewhere).toEqual({ inApp: [], email: [], webhooks: [] });
    const breach = recipientsOf(
      { kind: 'breach', audience: ['leaders'], holdingGroup: 'desk' },
      directory,
    );
    expect(breach.inApp).toEqual(['boss']);
  });
});
