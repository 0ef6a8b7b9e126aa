/**
 * GET /api/v1/audit: newest first, filtered by record, actor, action and time, paged by a seq
 * cursor; bad filters are refused with a pointer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let incidentIds: number[];
/** Every entry, newest first, as the unfiltered list returns them. */
let all: AuditItem[];

interface AuditItem {
  id: number;
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  hash: string;
  prevHash: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00' });
  incidentIds = [];
  for (const who of [AS.desk, AS.reporterGuangdong, AS.desk]) {
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(who))
      .send({
        channel: 'web',
        kind: 'system_fault',
        title: '竞价页面无法打开',
        description: '点击竞价后白屏',
        symptom: 'unusable',
        scope: 'one',
        reporter: { organisation: '华南区-广东', name: '李四' },
      })
      .expect(201);
    incidentIds.push(res.body.id);
    // Entries a few milliseconds apart, so that time filters have boundaries to find.
    await sleep(5);
  }
  for (const id of incidentIds) {
    await t.api
      .post(`/api/v1/incidents/${id}/actions`)
      .set(t.auth(AS.desk))
      .send({ type: 'acknowledge' })
      .expect(200);
    await sleep(5);
  }
  await t.api
    .post(`/api/v1/incidents/${incidentIds[0]}/comments`)
    .set(t.auth(AS.desk))
    .send({ text: '已联系报告人' })
    .expect(201);
  await t.api
    .patch('/api/v1/systems/ovms')
    .set(t.auth(AS.admin))
    .send({ name: 'OVMS 车辆管理系统（新）' })
    .expect(200);
  all = await list({ limit: '500' });
});
afterAll(() => t.close());

async function page(query: Record<string, string>) {
  const res = await t.api.get('/api/v1/audit').set(t.auth(AS.leaders)).query(query).expect(200);
  return res.body as { items: AuditItem[]; nextCursor: string | null };
}

/** Every page, following nextCursor to the end. */
async function list(query: Record<string, string>) {
  const items: AuditItem[] = [];
  let cursor: string | null = null;
  do {
    const body = await page({ ...query, ...(cursor ? { cursor } : {}) });
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /api/v1/audit', () => {
  it('lists every entry newest first, with its chain fields and before/after', async () => {
    expect(all).toHaveLength(8);
    expect(all.map((e) => e.seq)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(all[0]).toMatchObject({
      action: 'system.update',
      entity: 'system',
      entityId: 'ovms',
      actorId: AS.admin,
      credential: expect.stringMatching(/^token:/),
      after: { name: 'OVMS 车辆管理系统（新）', grade: 'B' },
      before: { name: 'OVMS 车辆管理系统', grade: 'B' },
    });
    expect(all[0]!.prevHash).toBe(all[1]!.hash);
    expect(all[7]!.prevHash).toBe('0'.repeat(64));
    expect(all[7]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(all[7]!.before).toBeNull();
  });

  it('pages by seq: limit 3 gives 3 + 3 + 2, no entry twice, then a null cursor', async () => {
    const first = await page({ limit: '3' });
    expect(first.items.map((e) => e.seq)).toEqual([8, 7, 6]);
    expect(first.nextCursor).toBe('6');
    const second = await page({ limit: '3', cursor: first.nextCursor! });
    expect(second.items.map((e) => e.seq)).toEqual([5, 4, 3]);
    const third = await page({ limit: '3', cursor: second.nextCursor! });
    expect(third.items.map((e) => e.seq)).toEqual([2, 1]);
    expect(third.nextCursor).toBeNull();
    const exact = await page({ limit: '8' });
    expect(exact.nextCursor).toBeNull();
  });

  it('filters by record, actor and action, and pages within a filter', async () => {
    const incident = String(incidentIds[0]);
    const ofIncident = await list({ entity: 'incident', entityId: incident, limit: '1' });
    expect(ofIncident.map((e) => e.action)).toEqual([
      'incident.comment',
      'incident.acknowledge',
      'incident.report',
    ]);
    expect((await list({ entity: 'system' })).map((e) => e.entityId)).toEqual(['ovms']);
    expect((await list({ entityId: 'ovms' })).map((e) => e.seq)).toEqual([8]);

    const byReporter = await list({ actorId: AS.reporterGuangdong });
    expect(byReporter.map((e) => [e.action, e.entityId])).toEqual([
      ['incident.report', String(incidentIds[1])],
    ]);
    const acknowledged = await list({ action: 'incident.acknowledge', limit: '2' });
    expect(acknowledged.map((e) => e.entityId)).toEqual(
      [...incidentIds].reverse().map((id) => String(id)),
    );
    const deskReports = await list({ actorId: AS.desk, action: 'incident.report' });
    expect(deskReports).toHaveLength(2);
    expect(await list({ actorId: 'nobody-at-all' })).toEqual([]);
  });

  it('filters by time: from inclusive, to exclusive, with any zone offset', async () => {
    const oldestFirst = [...all].reverse();
    const pivot = oldestFirst[3]!.at;
    const expectedFrom = all.filter((e) => e.at >= pivot).map((e) => e.seq);
    const expectedTo = all.filter((e) => e.at < pivot).map((e) => e.seq);
    expect(expectedFrom.length).toBeGreaterThan(0);
    expect(expectedTo.length).toBeGreaterThan(0);
    expect((await list({ from: pivot })).map((e) => e.seq)).toEqual(expectedFrom);
    expect((await list({ to: pivot })).map((e) => e.seq)).toEqual(expectedTo);
    const inShanghai = new Date(new Date(pivot).getTime() + 8 * 3600_000)
      .toISOString()
      .replace('Z', '+08:00');
    expect((await list({ from: inShanghai })).map((e) => e.seq)).toEqual(expectedFrom);
    const last = all[0]!.at;
    expect((await list({ from: pivot, to: last, action: 'incident.acknowledge' })).length).toBe(
      all.filter((e) => e.at >= pivot && e.at < last && e.action === 'incident.acknowledge').length,
    );
  });

  it('refuses a bad cursor, limit or instant with a pointer to it', async () => {
    for (const [query, pointer] of [
      [{ cursor: 'abc' }, '/querystring/cursor'],
      [{ cursor: '0' }, '/querystring/cursor'],
      [{ limit: '0' }, '/querystring/limit'],
      [{ limit: '501' }, '/querystring/limit'],
      [{ from: '2026-03-03 10:00' }, '/querystring/from'],
      [{ to: '2026-03-03T10:00:00' }, '/querystring/to'],
    ] as const) {
      const res = await t.api.get('/api/v1/audit').set(t.auth(AS.admin)).query(query).expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
  });
});
