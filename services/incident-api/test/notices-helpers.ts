/** Shared by the notices tests: subscriptions rows, reports, actions and polling. */
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { incidents, notices, notifications, subscriptions } from '../src/db/schema.js';
import { AS, type TestApp } from './support/app.js';

const KINDS = ['warning', 'breach', 'priority_alert'];

/**
 * The plan's defaults as rows: each acting group on every notice, in-app. The seed has them
 * too; repeated here (recipients are de-duplicated) so that these tests do not follow the seed.
 */
export async function subscribeGroupsInApp(t: TestApp) {
  await t.database.db.insert(subscriptions).values(
    ['desk', 'system', 'vendor', 'devops', 'leaders'].map((groupId) => ({
      groupId,
      kinds: KINDS,
      channel: 'in_app' as const,
    })),
  );
}

export const reportBody = (overrides: Record<string, unknown> = {}) => ({
  channel: 'hotline_fault',
  kind: 'system_fault',
  title: '竞价页面无法打开',
  description: '点击竞价后白屏',
  symptom: 'unusable',
  scope: 'one',
  reporter: { organisation: '华南区-广东', name: '李四' },
  ...overrides,
});

export async function report(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.api
    .post('/api/v1/incidents')
    .set(t.auth(AS.desk))
    .send(reportBody(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; priority: string; sla: { targetMinutes: number } };
}

export async function act(
  t: TestApp,
  id: number,
  who: string,
  body: Record<string, unknown>,
  path = 'actions',
) {
  const res = await t.api.post(`/api/v1/incidents/${id}/${path}`).set(t.auth(who)).send(body);
  expect(res.status, `${String(body.type ?? path)}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

export async function nextNoticeAtOf(t: TestApp, id: number): Promise<Date | null> {
  const [row] = await t.database.db
    .select({ at: incidents.nextNoticeAt })
    .from(incidents)
    .where(eq(incidents.id, id));
  return row!.at;
}

export async function noticeKeys(t: TestApp, id: number): Promise<string[]> {
  const rows = await t.database.db
    .select({ key: notices.key })
    .from(notices)
    .where(eq(notices.incidentId, id))
    .orderBy(asc(notices.id));
  return rows.map((r) => r.key);
}

export async function notifiedPeople(t: TestApp, id: number, key: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ personId: notifications.personId })
    .from(notifications)
    .innerJoin(notices, eq(notices.id, notifications.noticeId))
    .where(and(eq(notices.incidentId, id), eq(notices.key, key)))
    .orderBy(asc(notifications.personId));
  return rows.map((r) => r.personId);
}

/** Polls until `check` holds (the runner works in the background). */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
