/**
 * Object rules: a reporter sees and tests only their organisation's incidents; the vendor sees
 * what was handed to it; devops what involves it; desk, system and leaders see everything; an
 * admin acts on incidents only when also in a group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let guangdong: number;
let shanghai: number;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00', campaignWindow: null });
  const reportFor = async (organisation: string, title: string) =>
    (
      await t.api
        .post('/api/v1/incidents')
        .set(t.auth(AS.desk))
        .send({
          channel: 'hotline_fault',
          kind: 'system_fault',
          title,
          description: `${title} 详细描述`,
          symptom: 'partly_unusable',
          scope: 'one',
          reporter: { organisation, name: '用户' },
          externalRef: `REF-${title}`,
        })
        .expect(201)
    ).body.id as number;
  guangdong = await reportFor('华南区-广东', 'gd-only');
  shanghai = await reportFor('华东区-上海', 'sh-only');
});
afterAll(() => t.close());

const act = (who: string, id: number, body: object) =>
  t.api.post(`/api/v1/incidents/${id}/actions`).set(t.auth(who)).send(body);

describe('a reporter of organisation X and an incident of organisation Y', () => {
  it('cannot read it by id', async () => {
    await t.api.get(`/api/v1/incidents/${shanghai}`).set(t.auth(AS.reporterGuangdong)).expect(404);
    await t.api.get(`/api/v1/incidents/${guangdong}`).set(t.auth(AS.reporterGuangdong)).expect(200);
    await t.api
      .get(`/api/v1/incidents/${shanghai}/change-tasks`)
      .set(t.auth(AS.reporterGuangdong))
      .expect(404);
  });

  it('cannot list or find it by search', async () => {
    for (const q of [undefined, 'sh-only', 'REF-sh-only']) {
      const res = await t.api
        .get('/api/v1/incidents')
        .query(q ? { q } : {})
        .set(t.auth(AS.reporterGuangdong))
        .expect(200);
      const ids = res.body.items.map((i: { id: number }) => i.id);
      expect(ids).not.toContain(shanghai);
      if (!q) expect(ids).toContain(guangdong);
    }
  });

  it('cannot comment on it', async () => {
    await t.api
      .post(`/api/v1/incidents/${shanghai}/comments`)
      .set(t.auth(AS.reporterGuangdong))
      .send({ text: '看看' })
      .expect(404);
    await t.api
      .post(`/api/v1/incidents/${guangdong}/comments`)
      .set(t.auth(AS.reporterGuangdong))
      .send({ text: '补充信息：仅我司账号' })
      .expect(201);
  });

  it('cannot run its final test, while the right reporter can', async () => {
    for (const id of [guangdong, shanghai]) {
      await act(AS.desk, id, {
        type: 'escalate_to_system',
        impact: 'medium',
        scope: 'one',
        impactStatement: '单个用户',
      }).expect(200);
      await act(AS.system, id, { type: 'start_onsite_handling', note: '现场处理' }).expect(200);
      await act(AS.system, id, { type: 'deliver_for_final_test', note: '请验证' }).expect(200);
    }
    await act(AS.reporterGuangdong, shanghai, { type: 'confirm_fix' }).expect(404);
    await act(AS.reporterGuangdong, shanghai, { type: 'reject_fix', note: '不行' }).expect(404);
    const confirmed = await act(AS.reporterGuangdong, guangdong, { type: 'confirm_fix' }).expect(
      200,
    );
    expect(confirmed.body.status).toBe('resolved');
  });
});

describe('vendor and devops', () => {
  it('the vendor sees an incident once it is handed to the vendor', async () => {
    const id = (
      await t.api
        .post('/api/v1/incidents')
        .set(t.auth(AS.desk))
        .send({
          channel: 'hotline_fault',
          kind: 'system_fault',
          title: 'for-vendor',
          description: 'x',
          symptom: 'slow',
          scope: 'one',
          reporter: { organisation: '华南区-广东', name: '用户' },
        })
        .expect(201)
    ).body.id as number;
    await t.api.get(`/api/v1/incidents/${id}`).set(t.auth(AS.vendor)).expect(404);
    await t.api.get(`/api/v1/incidents/${id}`).set(t.auth(AS.devops)).expect(404);
    await act(AS.desk, id, {
      type: 'escalate_to_system',
      impact: 'medium',
      scope: 'one',
      impactStatement: 'x',
    }).expect(200);
    await act(AS.system, id, { type: 'hand_to_vendor' }).expect(200);
    await t.api.get(`/api/v1/incidents/${id}`).set(t.auth(AS.vendor)).expect(200);
    const queue = await t.api.get('/api/v1/incidents').set(t.auth(AS.vendor)).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toEqual([id]);

    // Devops sees it once a change task involves it.
    await act(AS.vendor, id, { type: 'register' }).expect(200);
    await act(AS.vendor, id, { type: 'record_reproduction', note: '重现' }).expect(200);
    await act(AS.vendor, id, {
      type: 'record_root_cause',
      rootCause: '配置',
      needsProductionSql: false,
      networkMatter: false,
    }).expect(200);
    await t.api
      .post(`/api/v1/incidents/${id}/change-tasks`)
      .set(t.auth(AS.vendor))
      .send({ kind: 'release', packageRef: 'ovms-2.3.2.war' })
      .expect(201);
    await t.api.get(`/api/v1/incidents/${id}`).set(t.auth(AS.devops)).expect(200);
  });

  it('leaders, desk and system see everything', async () => {
    for (const who of [AS.leaders, AS.desk, AS.system]) {
      const res = await t.api.get('/api/v1/incidents').set(t.auth(who)).expect(200);
      expect(res.body.items.map((i: { id: number }) => i.id)).toEqual(
        expect.arrayContaining([shanghai]),
      );
    }
  });

  it('an admin in no incident group reads but does not act', async () => {
    await t.api.get(`/api/v1/incidents/${shanghai}`).set(t.auth(AS.admin)).expect(200);
    const res = await act(AS.admin, shanghai, { type: 'acknowledge' }).expect(403);
    expect(res.body.type).toBe('/problems/forbidden');
  });
});
