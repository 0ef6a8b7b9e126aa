/**
 * /api/v1/campaigns: a time-bounded grade override with its own service window; systems and the
 * calendar must exist; a campaign an incident was reported under cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { auditTrail, expectProblem } from './support/assertions.js';

let t: TestApp;
beforeAll(async () => {
  // No demo campaign: OVMS is grade B until these tests create one.
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
});
afterAll(() => t.close());

const drill = {
  id: 'drill-2026',
  name: '2026 全网线上招标演练',
  systemIds: ['ovms'],
  startsAt: '2026-03-01T00:00:00+08:00',
  endsAt: '2026-03-08T00:00:00+08:00',
  gradeOverride: 'A',
  calendarId: 'bidding-window',
};

const admin = (req: ReturnType<TestApp['api']['get']>) => req.set(t.auth(AS.admin));

const auditOf = (entityId: string) => auditTrail(t, 'campaign', entityId);

describe('campaigns', () => {
  it('starts empty and answers 404 for an unknown id', async () => {
    expect((await t.api.get('/api/v1/campaigns').set(t.auth(AS.admin)).expect(200)).body).toEqual(
      [],
    );
    expectProblem(await t.api.get('/api/v1/campaigns/nope').set(t.auth(AS.admin)), 404);
  });

  it('creates a campaign, audited, that grades the next incident', async () => {
    const res = await admin(t.api.post('/api/v1/campaigns')).send(drill);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      ...drill,
      startsAt: '2026-02-28T16:00:00.000Z',
      endsAt: '2026-03-07T16:00:00.000Z',
    });
    expect(
      (await t.api.get('/api/v1/campaigns/drill-2026').set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual(res.body);
    expect(
      (await t.api.get('/api/v1/campaigns').set(t.auth(AS.admin)).expect(200)).body,
    ).toHaveLength(1);
    expect(await auditOf('drill-2026')).toMatchObject([
      {
        action: 'campaign.create',
        actorId: AS.admin,
        after: { id: 'drill-2026', gradeOverride: 'A' },
      },
    ]);

    const incident = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send({
        channel: 'web',
        kind: 'system_fault',
        category: 'application_hang',
        title: '投标页面卡死',
        description: '提交投标时页面无响应。',
        symptom: 'unusable',
        scope: 'all',
        reporter: { organisation: '华南区-广东', name: '张三' },
      });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    expect(incident.body).toMatchObject({
      effectiveGrade: 'A',
      campaignId: 'drill-2026',
      calendarId: 'bidding-window',
    });
  });

  it('creates one without override or calendar', async () => {
    const res = await admin(t.api.post('/api/v1/campaigns')).send({
      id: 'watch',
      name: 'Watch only',
      systemIds: ['ovms'],
      startsAt: '2026-04-01T00:00:00Z',
      endsAt: '2026-04-02T00:00:00Z',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ gradeOverride: null, calendarId: null });
  });

  it('refuses bad bodies naming the field', async () => {
    const post = (body: Record<string, unknown>) =>
      admin(t.api.post('/api/v1/campaigns')).send({ ...drill, id: 'bad', ...body });
    expectProblem(await post({ endsAt: drill.startsAt }), 400, '/body/endsAt');
    expectProblem(await post({ startsAt: '2026-03-01 00:00' }), 400, '/body/startsAt');
    expectProblem(await post({ gradeOverride: 'S' }), 400, '/body/gradeOverride');
    expectProblem(await post({ systemIds: [] }), 400, '/body/systemIds');
    expectProblem(await post({ systemIds: ['ovms', 'ovms'] }), 400, '/body/systemIds');
    expectProblem(await post({ id: 'Not An Id' }), 400, '/body/id');
    expectProblem(await t.api.get('/api/v1/campaigns/bad').set(t.auth(AS.admin)), 404);
  });

  it('refuses unknown systems and calendars (422), a taken id (409)', async () => {
    const unknownSystem = await admin(t.api.post('/api/v1/campaigns')).send({
      ...drill,
      id: 'bad',
      systemIds: ['ovms', 'erp'],
    });
    expectProblem(unknownSystem, 422, '/body/systemIds/1');
    expect(unknownSystem.body.type).toBe('/problems/unknown-reference');
    expectProblem(
      await admin(t.api.post('/api/v1/campaigns')).send({
        ...drill,
        id: 'bad',
        calendarId: 'nope',
      }),
      422,
      '/body/calendarId',
    );
    expectProblem(await admin(t.api.post('/api/v1/campaigns')).send(drill), 409);
  });

  it('refuses writes from a non-admin (403) or without an actor (401)', async () => {
    const body = { ...drill, id: 'other' };
    expectProblem(await t.api.post('/api/v1/campaigns').set(t.auth(AS.leaders)).send(body), 403);
    expectProblem(await t.api.post('/api/v1/campaigns').send(body), 401);
    expectProblem(
      await t.api.patch('/api/v1/campaigns/watch').set(t.auth(AS.system)).send({ name: 'x' }),
      403,
    );
    expectProblem(await t.api.patch('/api/v1/campaigns/watch').send({ name: 'x' }), 401);
    expectProblem(await t.api.delete('/api/v1/campaigns/watch').set(t.auth(AS.vendor)), 403);
    expectProblem(await t.api.delete('/api/v1/campaigns/watch'), 401);
  });

  it('updates the window, grade and calendar, audited', async () => {
    const res = await admin(t.api.patch('/api/v1/campaigns/watch')).send({
      name: 'Watch, graded',
      endsAt: '2026-04-03T00:00:00Z',
      gradeOverride: 'B',
      calendarId: 'cn-default',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Watch, graded',
      startsAt: '2026-04-01T00:00:00.000Z',
      endsAt: '2026-04-03T00:00:00.000Z',
      gradeOverride: 'B',
      calendarId: 'cn-default',
    });
    const cleared = await admin(t.api.patch('/api/v1/campaigns/watch')).send({ calendarId: null });
    expect(cleared.body.calendarId).toBeNull();
    expect((await auditOf('watch')).map((a) => a.action)).toEqual([
      'campaign.create',
      'campaign.update',
      'campaign.update',
    ]);
    expect((await auditOf('watch'))[1]).toMatchObject({
      before: { gradeOverride: null, calendarId: null },
      after: { gradeOverride: 'B', calendarId: 'cn-default' },
    });
  });

  it('refuses an update that inverts the window or names unknown references', async () => {
    // The stored window ends 04-03: a start after it is refused on the field that moved.
    expectProblem(
      await admin(t.api.patch('/api/v1/campaigns/watch')).send({
        startsAt: '2026-04-05T00:00:00Z',
      }),
      400,
      '/body/startsAt',
    );
    expectProblem(
      await admin(t.api.patch('/api/v1/campaigns/watch')).send({ endsAt: '2026-03-01T00:00:00Z' }),
      400,
      '/body/endsAt',
    );
    expectProblem(
      await admin(t.api.patch('/api/v1/campaigns/watch')).send({ systemIds: ['erp'] }),
      422,
      '/body/systemIds/0',
    );
    expectProblem(
      await admin(t.api.patch('/api/v1/campaigns/watch')).send({ calendarId: 'nope' }),
      422,
      '/body/calendarId',
    );
    expectProblem(await admin(t.api.patch('/api/v1/campaigns/nope')).send({ name: 'x' }), 404);
    const unchanged = await t.api.get('/api/v1/campaigns/watch').set(t.auth(AS.admin)).expect(200);
    expect(unchanged.body).toMatchObject({
      endsAt: '2026-04-03T00:00:00.000Z',
      systemIds: ['ovms'],
    });
  });

  it('deletes a campaign, but not one an incident was reported under', async () => {
    const inUse = await admin(t.api.delete('/api/v1/campaigns/drill-2026'));
    expectProblem(inUse, 409);
    expect(inUse.body.type).toBe('/problems/campaign-in-use');
    await admin(t.api.delete('/api/v1/campaigns/watch')).expect(204);
    expectProblem(await t.api.get('/api/v1/campaigns/watch').set(t.auth(AS.admin)), 404);
    expectProblem(await admin(t.api.delete('/api/v1/campaigns/watch')), 404);
    expect((await auditOf('watch')).at(-1)).toMatchObject({
      action: 'campaign.delete',
      before: { id: 'watch' },
      after: null,
    });
  });
});
