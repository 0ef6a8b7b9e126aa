/**
 * /api/v1/policy/versions: the plan's tables, versioned and immutable. A new version is validated
 * by the policy package and applies to incidents reported from then on; earlier incidents keep
 * theirs.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTICE_THRESHOLDS,
  DEFAULT_PRIORITY_MATRIX,
  DEFAULT_RESOLUTION_TARGETS,
  DEFAULT_SYMPTOM_IMPACT,
} from '@ovms/policy';
import { auditLog } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { expectProblem } from './support/assertions.js';

let t: TestApp;
beforeAll(async () => {
  // Monday 10:00; no campaign: OVMS is grade B.
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
});
afterAll(() => t.close());

const planTables = () =>
  structuredClone({
    symptomImpact: DEFAULT_SYMPTOM_IMPACT,
    priorityMatrix: DEFAULT_PRIORITY_MATRIX,
    resolutionTargets: DEFAULT_RESOLUTION_TARGETS,
    noticeThresholds: DEFAULT_NOTICE_THRESHOLDS,
  }) as unknown as {
    symptomImpact: Record<string, string>;
    priorityMatrix: Record<string, Record<string, string>>;
    resolutionTargets: Record<string, Record<string, Record<string, number>>>;
    noticeThresholds: { percent: number; audience: string[] }[];
  };

const report = async () => {
  const res = await t.api
    .post('/api/v1/incidents')
    .set(t.auth(AS.desk))
    .send({
      channel: 'web',
      kind: 'system_fault',
      category: 'system_defect',
      title: '评标结果无法查看',
      description: '部分用户无法查看评标结果。',
      symptom: 'partly_unusable',
      scope: 'some',
      reporter: { organisation: '华东区-上海', name: '王五' },
    });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

describe('policy versions', () => {
  it('lists version 1 (the plan’s tables), which is current', async () => {
    const list = await t.api.get('/api/v1/policy/versions').set(t.auth(AS.admin)).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: 1, ...planTables() });
    const current = await t.api
      .get('/api/v1/policy/versions/current')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(current.body).toEqual(list.body[0]);
    expect(
      (await t.api.get('/api/v1/policy/versions/1').set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual(current.body);
    expectProblem(await t.api.get('/api/v1/policy/versions/99').set(t.auth(AS.admin)), 404);
    expectProblem(
      await t.api.get('/api/v1/policy/versions/first').set(t.auth(AS.admin)),
      400,
      '/params/versionId',
    );
  });

  it('publishes a new version that applies to new incidents only, audited', async () => {
    const before = await report();
    // medium × some → P3; grade B P3: 240 minutes under the plan.
    expect(before).toMatchObject({ priority: 'P3', policyVersion: 1 });
    expect(before.sla.targetMinutes).toBe(240);

    const tables = planTables();
    tables.priorityMatrix.medium!.some = 'P2';
    tables.resolutionTargets.B!.P2 = { minutes: 90 };
    const res = await t.api
      .post('/api/v1/policy/versions')
      .set(t.auth(AS.admin))
      .send({ ...tables, note: '招标期间：部分用户的部分功能故障按P2处理' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      id: 2,
      ...tables,
      createdBy: AS.admin,
      createdAt: '2026-03-02T02:00:00.000Z',
    });
    expect(
      (await t.api.get('/api/v1/policy/versions/current').set(t.auth(AS.admin)).expect(200)).body
        .id,
    ).toBe(2);
    expect(
      (await t.api.get('/api/v1/policy/versions').set(t.auth(AS.admin)).expect(200)).body.map(
        (v: { id: number }) => v.id,
      ),
    ).toEqual([2, 1]);

    const after = await report();
    expect(after).toMatchObject({ priority: 'P2', policyVersion: 2 });
    expect(after.sla.targetMinutes).toBe(90);
    const kept = await t.api.get(`/api/v1/incidents/${before.id}`).set(t.auth(AS.desk));
    expect(kept.body).toMatchObject({ policyVersion: 1, priority: 'P3' });

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'policy_version'), eq(auditLog.entityId, '2')));
    expect(audit).toMatchObject([
      {
        action: 'policy-version.create',
        actorId: AS.admin,
        after: { id: 2, note: expect.any(String) },
      },
    ]);
  });

  it('refuses malformed tables, naming the cell', async () => {
    const post = (tables: object, note = 'x') =>
      t.api
        .post('/api/v1/policy/versions')
        .set(t.auth(AS.admin))
        .send({ ...tables, note });

    const missingCell = planTables();
    delete (missingCell.priorityMatrix.high as Record<string, string>).some;
    expectProblem(await post(missingCell), 400, '/body/priorityMatrix/high/some');

    const badPriority = planTables();
    badPriority.priorityMatrix.low!.one = 'P9';
    expectProblem(await post(badPriority), 400, '/body/priorityMatrix/low/one');

    const badTarget = planTables();
    (badTarget.resolutionTargets.C as Record<string, object>).P1 = { hours: 2 };
    expectProblem(await post(badTarget), 400, '/body/resolutionTargets/C/P1');

    const badImpact = planTables();
    badImpact.symptomImpact.slow = 'severe';
    expectProblem(await post(badImpact), 400, '/body/symptomImpact/slow');

    // Only the policy package knows thresholds must ascend.
    const descending = planTables();
    descending.noticeThresholds = [
      { percent: 90, audience: ['leaders'] },
      { percent: 50, audience: ['holding_group'] },
    ];
    const order = await post(descending);
    expectProblem(order, 400, '/body/noticeThresholds/1/percent');
    expect(order.body.detail).toBe(
      '/body/noticeThresholds/1/percent: 50 is not above the previous threshold (90)',
    );

    const repeated = planTables();
    repeated.noticeThresholds = [{ percent: 100, audience: ['leaders', 'leaders'] }];
    expectProblem(await post(repeated), 400, '/body/noticeThresholds/0/audience/1');

    expectProblem(await post(planTables(), ''), 400, '/body/note');
    expect(
      (await t.api.get('/api/v1/policy/versions/current').set(t.auth(AS.admin)).expect(200)).body
        .id,
    ).toBe(2);
  });

  it('refuses a non-admin (403) and a missing actor (401); versions are immutable', async () => {
    const body = { ...planTables(), note: 'x' };
    expectProblem(
      await t.api.post('/api/v1/policy/versions').set(t.auth(AS.leaders)).send(body),
      403,
    );
    expectProblem(await t.api.post('/api/v1/policy/versions').send(body), 401);
    expectProblem(
      await t.api.patch('/api/v1/policy/versions/1').set(t.auth(AS.admin)).send(body),
      404,
    );
    expectProblem(await t.api.delete('/api/v1/policy/versions/1').set(t.auth(AS.admin)), 404);
  });
});
