/** /api/v1/hotlines: the plan's hotlines (§4), kept by admins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { auditTrail, expectProblem } from './support/assertions.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const auditOf = (entityId: string) => auditTrail(t, 'hotline', entityId);

const night = {
  id: 'night',
  number: '0755-33990999',
  purpose: 'system_fault',
  labelZh: '夜间报障',
  labelEn: 'Night fault line',
};

describe('hotlines', () => {
  it('lists the plan’s two hotlines and gets one', async () => {
    const list = await t.api.get('/api/v1/hotlines').set(t.auth(AS.admin)).expect(200);
    expect(list.body.map((h: { number: string }) => h.number).sort()).toEqual([
      '0755-33990227',
      '0755-33990377',
    ]);
    const fault = list.body.find((h: { purpose: string }) => h.purpose === 'system_fault');
    expect(
      (await t.api.get(`/api/v1/hotlines/${fault.id}`).set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual(fault);
    expectProblem(await t.api.get('/api/v1/hotlines/nope').set(t.auth(AS.admin)), 404);
  });

  it('creates, updates and deletes a hotline, audited', async () => {
    const created = await t.api.post('/api/v1/hotlines').set(t.auth(AS.admin)).send(night);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual(night);

    const updated = await t.api
      .patch('/api/v1/hotlines/night')
      .set(t.auth(AS.admin))
      .send({ number: '0755-33990998', labelEn: 'Night faults' });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...night, number: '0755-33990998', labelEn: 'Night faults' });
    expect(
      (await t.api.get('/api/v1/hotlines/night').set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual(updated.body);

    await t.api.delete('/api/v1/hotlines/night').set(t.auth(AS.admin)).expect(204);
    expectProblem(await t.api.get('/api/v1/hotlines/night').set(t.auth(AS.admin)), 404);

    const audit = await auditOf('night');
    expect(audit.map((a) => a.action)).toEqual([
      'hotline.create',
      'hotline.update',
      'hotline.delete',
    ]);
    expect(audit[1]).toMatchObject({
      actorId: AS.admin,
      before: { number: '0755-33990999' },
      after: { number: '0755-33990998' },
    });
    expect(audit[2]).toMatchObject({ before: { id: 'night' }, after: null });
  });

  it('refuses bad bodies naming the field, a taken id and unknown ids', async () => {
    const post = (body: Record<string, unknown>) =>
      t.api
        .post('/api/v1/hotlines')
        .set(t.auth(AS.admin))
        .send({ ...night, ...body });
    expectProblem(await post({ number: 'call us' }), 400, '/body/number');
    expectProblem(await post({ purpose: 'sales' }), 400, '/body/purpose');
    expectProblem(await post({ labelZh: '' }), 400, '/body/labelZh');
    await post({ id: 'dup' }).expect(201);
    expectProblem(await post({ id: 'dup' }), 409);
    expectProblem(
      await t.api.patch('/api/v1/hotlines/dup').set(t.auth(AS.admin)).send({ purpose: 'x' }),
      400,
      '/body/purpose',
    );
    expectProblem(
      await t.api.patch('/api/v1/hotlines/nope').set(t.auth(AS.admin)).send({ labelEn: 'x' }),
      404,
    );
    expectProblem(await t.api.delete('/api/v1/hotlines/nope').set(t.auth(AS.admin)), 404);
  });

  it('refuses writes from a non-admin (403) or without an actor (401)', async () => {
    expectProblem(await t.api.post('/api/v1/hotlines').set(t.auth(AS.desk)).send(night), 403);
    expectProblem(await t.api.post('/api/v1/hotlines').send(night), 401);
    expectProblem(
      await t.api.patch('/api/v1/hotlines/dup').set(t.auth(AS.desk)).send({ labelEn: 'x' }),
      403,
    );
    expectProblem(await t.api.patch('/api/v1/hotlines/dup').send({ labelEn: 'x' }), 401);
    expectProblem(await t.api.delete('/api/v1/hotlines/dup').set(t.auth(AS.desk)), 403);
    expectProblem(await t.api.delete('/api/v1/hotlines/dup'), 401);
    // Reading the hotlines needs no sign-in: they are printed on the plan's every page.
    await t.api.get('/api/v1/hotlines').expect(200);
  });
});
