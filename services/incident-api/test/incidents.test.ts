/**
 * The incidents endpoints one by one: happy paths and their errors (bad body, unknown id,
 * refused action, stale If-Match, idempotent retry, mismatched retry), queue filters and cursor.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, idempotencyKeys, incidents } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  // Tuesday 2026-03-03 10:00 Shanghai, inside the demo campaign: OVMS is handled as grade A.
  t = await createTestApp({
    now: '2026-03-03T10:00:00+08:00',
    campaignWindow: {
      start: new Date('2026-03-01T00:00:00+08:00'),
      end: new Date('2026-04-01T00:00:00+08:00'),
    },
  });
});
afterAll(() => t.close());

const report = (overrides: Record<string, unknown> = {}) => ({
  channel: 'web',
  kind: 'system_fault',
  title: '竞价页面无法打开',
  description: '点击竞价后白屏',
  symptom: 'unusable',
  scope: 'one',
  reporter: { organisation: '华南区-广东', name: '李四' },
  ...overrides,
});

async function create(body = report(), who: string = AS.desk) {
  const res = await t.api.post('/api/v1/incidents').set(t.auth(who)).send(body).expect(201);
  return res;
}

describe('POST /api/v1/incidents', () => {
  it('derives priority, grade, target and due time; returns Location and ETag', async () => {
    const res = await create();
    // unusable → high; high × one user → P3; campaign → grade A; A/P3 → 2 working hours.
    expect(res.body).toMatchObject({
      status: 'reported',
      priority: 'P3',
      impact: 'high',
      effectiveGrade: 'A',
      campaignId: 'bidding-2015-phase2',
      calendarId: 'bidding-window',
      holderGroup: 'desk',
    });
    expect(res.body.sla.targetMinutes).toBe(120);
    expect(res.headers.location).toBe(`/api/v1/incidents/${res.body.id}`);
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(res.body.id)));
    expect(audit.map((a) => a.action)).toContain('incident.report');
    expect(audit[0]!.actorId).toBe(AS.desk);
  });

  it('names every invalid field with a JSON pointer', async () => {
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send(report({ symptom: 'broken', reporter: { organisation: '', name: '王五' } }))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/body/symptom', '/body/reporter/organisation']),
    );
  });

  it('says what is wrong with each field in words a client can translate (code, bound)', async () => {
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send(
        report({
          title: 'x'.repeat(201),
          symptom: 'broken',
          reporter: { organisation: '', name: '王五', phone: 'call me' },
        }),
      )
      .expect(400);
    const byPointer = Object.fromEntries(
      res.body.errors.map((e: { pointer: string }) => [e.pointer, e]),
    );
    expect(byPointer['/body/title']).toMatchObject({ code: 'too_big', limit: 200 });
    expect(byPointer['/body/reporter/organisation']).toMatchObject({ code: 'too_small', limit: 1 });
    expect(byPointer['/body/reporter/phone']).toMatchObject({
      code: 'invalid_format',
      detail: 'a phone number: digits, spaces, + - ( )',
    });
    expect(byPointer['/body/symptom']).toMatchObject({ code: 'invalid_value' });
  });

  it('refuses malformed JSON and an unknown system clearly', async () => {
    const bad = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('content-type', 'application/json')
      .send('{"title": ')
      .expect(400);
    expect(bad.body.type).toBe('/problems/malformed-body');
    const unknown = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send(report({ systemId: 'nope' }))
      .expect(422);
    expect(unknown.body.errors[0].pointer).toBe('/body/systemId');
  });

  it('needs an actor, and a reporter reports only for their own organisation', async () => {
    await t.api.post('/api/v1/incidents').send(report()).expect(401);
    await t.api.post('/api/v1/incidents').set(t.unknownToken).send(report()).expect(401);
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.reporterShanghai))
      .send(report())
      .expect(403);
    expect(res.body.errors[0].pointer).toBe('/body/reporter/organisation');
  });

  it('refuses a channel the actor may not use (a reporter logging a hotline call)', async () => {
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.reporterGuangdong))
      .send(report({ channel: 'hotline_fault' }))
      .expect(409);
    expect(res.body.code).toBe('channel_not_allowed');
  });

  it('replays the first response for the same Idempotency-Key and body', async () => {
    const body = report({ externalRef: 'OVMS-778899', title: 'idempotent' });
    const first = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'ovms-778899-1')
      .send(body)
      .expect(201);
    const again = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'ovms-778899-1')
      .send({ ...body, reporter: { name: '李四', organisation: '华南区-广东' } })
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rows = await t.database.db
      .select({ id: incidents.id })
      .from(incidents)
      .where(eq(incidents.externalRef, 'OVMS-778899'));
    expect(rows).toHaveLength(1);
  });

  it('answers 422 when an Idempotency-Key comes back with another body', async () => {
    await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-mismatch')
      .send(report({ title: 'first' }))
      .expect(201);
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-mismatch')
      .send(report({ title: 'second' }))
      .expect(422);
    expect(res.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('answers 409 while the first request with a key is still running', async () => {
    // Another process holds the key: its request started a moment ago and has not finished.
    const body = report({ title: 'held elsewhere' });
    const first = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-held')
      .send(body)
      .expect(201);
    await t.database.db
      .update(idempotencyKeys)
      .set({ state: 'running', createdAt: t.clock.now() })
      .where(eq(idempotencyKeys.key, 'k-held'));
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-held')
      .send(body)
      .expect(409);
    expect(res.body.type).toBe('/problems/idempotency-key-in-progress');
    // A claim abandoned by a crashed process is taken over after a minute.
    t.clock.advance(61_000);
    const retried = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-held')
      .send(body)
      .expect(201);
    expect(retried.body.id).not.toBe(first.body.id);
  });

  it('never creates twice for two concurrent requests with one key', async () => {
    const slow = t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-concurrent')
      .send(report({ title: 'concurrent' }));
    const fast = t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .set('idempotency-key', 'k-concurrent')
      .send(report({ title: 'concurrent' }));
    const statuses = (await Promise.all([slow, fast])).map((r) => r.status).sort();
    // Either the second arrived while the first ran (409), or after it finished (a replay).
    expect([
      [201, 409],
      [201, 201],
    ]).toContainEqual(statuses);
    const rows = await t.database.db
      .select({ id: incidents.id })
      .from(incidents)
      .where(eq(incidents.title, 'concurrent'));
    expect(rows).toHaveLength(1);
  });
});

describe('GET /api/v1/incidents/:id', () => {
  it('returns the incident with timeline and the actor’s available actions', async () => {
    const { body } = await create();
    const res = await t.api.get(`/api/v1/incidents/${body.id}`).set(t.auth(AS.desk)).expect(200);
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toContain('report');
    const actions = res.body.availableActions.map((a: { type: string }) => a.type);
    expect(actions).toEqual(expect.arrayContaining(['acknowledge', 'escalate_to_system']));
    expect(actions).not.toContain('hand_to_vendor');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const res = await t.api.get('/api/v1/incidents/999999').set(t.auth(AS.admin)).expect(404);
    expect(res.body).toMatchObject({ status: 404, type: '/problems/not-found' });
    const bad = await t.api.get('/api/v1/incidents/abc').set(t.auth(AS.admin)).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/params/incidentId');
  });

  it('hides another organisation’s incident from a reporter', async () => {
    const { body } = await create();
    await t.api.get(`/api/v1/incidents/${body.id}`).set(t.auth(AS.reporterShanghai)).expect(404);
    await t.api.get(`/api/v1/incidents/${body.id}`).set(t.auth(AS.reporterGuangdong)).expect(200);
  });
});

describe('actions', () => {
  it('refuses an action the state machine does not allow with 409 and its reason', async () => {
    const { body } = await create();
    const res = await t.api
      .post(`/api/v1/incidents/${body.id}/actions`)
      .set(t.auth(AS.system))
      .send({ type: 'register' })
      .expect(409);
    expect(res.body.type).toBe('/problems/action-refused');
    expect(res.body.code).toBeDefined();
    expect(res.body.detail).toMatch(/register/);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const { body } = await create();
    const ok = await t.api
      .post(`/api/v1/incidents/${body.id}/actions`)
      .set(t.auth(AS.desk))
      .set('if-match', `"${body.version}"`)
      .send({ type: 'acknowledge' })
      .expect(200);
    expect(ok.body.version).toBe(body.version + 1);
    expect(ok.headers.etag).toBe(`"${body.version + 1}"`);
    const stale = await t.api
      .post(`/api/v1/incidents/${body.id}/actions`)
      .set(t.auth(AS.desk))
      .set('if-match', `"${body.version}"`)
      .send({
        type: 'escalate_to_system',
        impact: 'high',
        scope: 'all',
        impactStatement: '全网无法竞价',
      })
      .expect(412);
    expect(stale.body.type).toBe('/problems/stale');
    const after = await t.api.get(`/api/v1/incidents/${body.id}`).set(t.auth(AS.admin)).expect(200);
    expect(after.body).toMatchObject({
      status: 'triage',
      priority: 'P3',
      version: ok.body.version,
    });
  });

  it('validates action bodies by type', async () => {
    const { body } = await create();
    const res = await t.api
      .post(`/api/v1/incidents/${body.id}/actions`)
      .set(t.auth(AS.desk))
      .send({ type: 'escalate_to_system', impact: 'high' })
      .expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/scope', '/body/impactStatement']));
  });

  it('re-assesses with a reason: priority and due time follow, time spent is kept', async () => {
    const { body } = await create();
    await t.api
      .post(`/api/v1/incidents/${body.id}/actions`)
      .set(t.auth(AS.desk))
      .send({
        type: 'escalate_to_system',
        impact: 'high',
        scope: 'one',
        impactStatement: '单个供应商',
      })
      .expect(200);
    t.clock.advance(30 * 60_000);
    const res = await t.api
      .post(`/api/v1/incidents/${body.id}/reassessments`)
      .set(t.auth(AS.system))
      .send({ scope: 'all', reason: '核实后全网供应商均受影响' })
      .expect(200);
    // high × all → P1; grade A P1 → 30 working minutes, counted from the original report.
    expect(res.body).toMatchObject({ priority: 'P1', scope: 'all' });
    expect(res.body.sla.targetMinutes).toBe(30);
    expect(res.body.sla.spentMinutes).toBe(30);
    expect(res.body.sla.breached).toBe(true);
    const missing = await t.api
      .post(`/api/v1/incidents/${body.id}/reassessments`)
      .set(t.auth(AS.system))
      .send({ scope: 'some' })
      .expect(400);
    expect(missing.body.errors[0].pointer).toBe('/body/reason');
  });

  it('records comments and the leaders’ fallback decision', async () => {
    const { body } = await create(report({ scope: 'all' }));
    // The leaders decide on a system fault: once the desk has escalated it.
    await t.api
      .post(`/api/v1/incidents/${body.id}/fallback-decisions`)
      .set(t.auth(AS.leaders))
      .send({ decision: 'offline_bidding', reason: '系统短时无法恢复' })
      .expect(409);
    await t.api
      .post(`/api/v1/incidents/${body.id}/actions`)
      .set(t.auth(AS.desk))
      .send({
        type: 'escalate_to_system',
        impact: 'high',
        scope: 'all',
        impactStatement: '全网无法竞价',
      })
      .expect(200);
    const comment = await t.api
      .post(`/api/v1/incidents/${body.id}/comments`)
      .set(t.auth(AS.system))
      .send({ text: '已联系运维检查负载均衡' })
      .expect(201);
    expect(comment.body).toMatchObject({ type: 'comment', actorId: AS.system });
    await t.api
      .post(`/api/v1/incidents/${body.id}/fallback-decisions`)
      .set(t.auth(AS.desk))
      .send({ decision: 'offline_bidding', reason: '系统短时无法恢复' })
      .expect(409);
    const decided = await t.api
      .post(`/api/v1/incidents/${body.id}/fallback-decisions`)
      .set(t.auth(AS.leaders))
      .send({ decision: 'offline_bidding', reason: '系统短时无法恢复' })
      .expect(200);
    expect(decided.body.fallbackDecisions).toEqual([
      expect.objectContaining({ decision: 'offline_bidding', decidedBy: AS.leaders }),
    ]);
    // Recovered sooner than feared: the leaders change their mind; the queue row (what the
    // war room shows) carries the latest decision.
    await t.api
      .post(`/api/v1/incidents/${body.id}/fallback-decisions`)
      .set(t.auth(AS.leaders))
      .send({ decision: 'rerun_online_after_recovery', reason: '已恢复，重新线上招标' })
      .expect(200);
    const queue = await t.api
      .get('/api/v1/incidents?priority=P1&limit=200')
      .set(t.auth(AS.leaders))
      .expect(200);
    const row = queue.body.items.find((item: { id: number }) => item.id === body.id);
    expect(row.fallbackDecision).toEqual({
      decision: 'rerun_online_after_recovery',
      reason: '已恢复，重新线上招标',
      decidedBy: AS.leaders,
      at: expect.any(String),
    });
    const undecided = queue.body.items.filter((item: { id: number }) => item.id !== body.id);
    expect(
      undecided.every((item: { fallbackDecision: unknown }) => item.fallbackDecision === null),
    ).toBe(true);
  });

  it('answers 404 on an action for an unknown incident', async () => {
    await t.api
      .post('/api/v1/incidents/424242/actions')
      .set(t.auth(AS.desk))
      .send({ type: 'acknowledge' })
      .expect(404);
  });
});

describe('GET /api/v1/incidents (the queue)', () => {
  it('sorts by due time, filters, and pages with a cursor', async () => {
    await create(report({ title: 'queue-p1', scope: 'all', externalRef: 'OVMS-Q1' }));
    await create(report({ title: 'queue-p4', symptom: 'other', scope: 'one' }));
    const all: { id: number; sla: { dueAt: string } }[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: typeof all; nextCursor: string | null } } = await t.api
        .get('/api/v1/incidents')
        .set(t.auth(AS.admin))
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const dues = all.map((i) => i.sla.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);

    const p1 = await t.api
      .get('/api/v1/incidents')
      .set(t.auth(AS.admin))
      .query({ priority: 'P1' })
      .expect(200);
    expect(p1.body.items.every((i: { priority: string }) => i.priority === 'P1')).toBe(true);
    const byRef = await t.api
      .get('/api/v1/incidents')
      .set(t.auth(AS.admin))
      .query({ q: 'OVMS-Q1' })
      .expect(200);
    expect(byRef.body.items.map((i: { title: string }) => i.title)).toEqual(['queue-p1']);
    const text = await t.api
      .get('/api/v1/incidents')
      .set(t.auth(AS.admin))
      .query({ q: 'queue-p4' })
      .expect(200);
    expect(text.body.items).toHaveLength(1);
  });

  it('takes several states or priorities at once, as repeated parameters', async () => {
    const urgent = (await create(report({ title: 'several-p1', scope: 'all' }))).body;
    const minor = (await create(report({ title: 'several-p4', symptom: 'other' }))).body;
    expect([urgent.priority, minor.priority]).toEqual(['P1', 'P4']);
    await t.api
      .post(`/api/v1/incidents/${urgent.id}/actions`)
      .set(t.auth(AS.desk))
      .send({ type: 'acknowledge' })
      .expect(200);
    const titles = async (query: string) =>
      (
        await t.api.get(`/api/v1/incidents?q=several-&${query}`).set(t.auth(AS.admin)).expect(200)
      ).body.items
        .map((i: { title: string }) => i.title)
        .sort();
    expect(await titles('status=triage')).toEqual(['several-p1']);
    expect(await titles('status=triage&status=reported')).toEqual(['several-p1', 'several-p4']);
    expect(await titles('status=reported&status=reported')).toEqual(['several-p4']);
    expect(await titles('status=closed&status=cancelled')).toEqual([]);
    expect(await titles('priority=P1&priority=P4')).toEqual(['several-p1', 'several-p4']);
    expect(await titles('priority=P2&priority=P3&priority=P4')).toEqual(['several-p4']);
    expect(await titles('priority=P1&priority=P4&status=reported')).toEqual(['several-p4']);
  });

  it('limits a reporter to their own organisation', async () => {
    await create(
      report({ reporter: { organisation: '华东区-上海', name: '赵六' }, title: 'sh-only' }),
    );
    const res = await t.api.get('/api/v1/incidents').set(t.auth(AS.reporterShanghai)).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(
      res.body.items.every(
        (i: { reporter: { organisation: string } }) => i.reporter.organisation === '华东区-上海',
      ),
    ).toBe(true);
  });

  it('rejects a forged cursor and bad filters', async () => {
    const res = await t.api
      .get('/api/v1/incidents')
      .set(t.auth(AS.admin))
      .query({ cursor: 'garbage' })
      .expect(400);
    expect(res.body.errors[0].pointer).toBe('/querystring/cursor');
    const bad = await t.api
      .get('/api/v1/incidents')
      .set(t.auth(AS.admin))
      .query({ priority: 'P9' })
      .expect(400);
    expect(bad.body.errors[0].pointer).toMatch(/^\/querystring\/priority/);
  });

  it('finds breached incidents', async () => {
    const { body } = await create(report({ title: 'will-breach', scope: 'all' }));
    t.clock.advance(45 * 60_000);
    const res = await t.api
      .get('/api/v1/incidents')
      .set(t.auth(AS.admin))
      .query({ breached: 'true' })
      .expect(200);
    expect(res.body.items.map((i: { id: number }) => i.id)).toContain(body.id);
  });
});
