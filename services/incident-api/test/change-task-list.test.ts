/**
 * GET /api/v1/change-tasks: the cross-incident list devops works from (approved tasks to
 * execute), the system group approves from, and the requester verifies from — P1 first, oldest
 * first, limited to incidents the viewer may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/assertions.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
});
afterAll(() => t.close());

async function post(who: string, path: string, body: Record<string, unknown>) {
  const res = await t.api.post(path).set(t.auth(who)).send(body);
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An incident handed to the vendor, root-caused, with an SQL script requested. */
async function incidentWithSqlTask(symptom: string, scope: string, script: string) {
  const incident = await post(AS.desk, '/api/v1/incidents', {
    channel: 'hotline_fault',
    kind: 'system_fault',
    title: `${symptom}/${scope}`,
    description: '报价数据异常',
    symptom,
    scope,
    reporter: { organisation: '华南区-广东', name: '张三' },
  });
  const id = incident.id as number;
  const act = (who: string, body: Record<string, unknown>) =>
    post(who, `/api/v1/incidents/${id}/actions`, body);
  await act(AS.desk, {
    type: 'escalate_to_system',
    impact: incident.impact,
    scope,
    impactStatement: '影响评标',
  });
  await act(AS.system, { type: 'hand_to_vendor', note: '交汇通' });
  await act(AS.vendor, { type: 'register', vendorReference: `HT-${id}` });
  await act(AS.vendor, { type: 'record_reproduction', note: '重现' });
  await act(AS.vendor, {
    type: 'record_root_cause',
    rootCause: '精度转换',
    needsProductionSql: true,
    networkMatter: false,
  });
  await post(AS.vendor, `/api/v1/incidents/${id}/change-tasks`, {
    kind: 'sql_script',
    script,
    note: '修正',
  });
  return { id, priority: incident.priority as string };
}

const list = (who: string, query = '') =>
  t.api.get(`/api/v1/change-tasks${query}`).set(t.auth(who));

describe('GET /api/v1/change-tasks', () => {
  let p3: { id: number; priority: string };
  let p1: { id: number; priority: string };

  beforeAll(async () => {
    // Requested first, but a lower priority: it must come second.
    p3 = await incidentWithSqlTask(
      'data_wrong',
      'one',
      'update quote set amount = 1 where id = 3;',
    );
    t.clock.set('2026-03-02T10:30:00+08:00');
    p1 = await incidentWithSqlTask('unusable', 'all', 'update bid set open = true where id = 1;');
    expect([p3.priority, p1.priority]).toEqual(['P3', 'P1']);
  });

  it('gives the system group what waits for approval, P1 first, with the incident’s ETag', async () => {
    const res = await list(AS.system).expect(200);
    expect(res.body.items.map((row: { incident: { id: number } }) => row.incident.id)).toEqual([
      p1.id,
      p3.id,
    ]);
    const [first] = res.body.items;
    expect(first.task).toMatchObject({ number: 1, kind: 'sql_script', status: 'requested' });
    expect(first.task.sqlText).toBe('update bid set open = true where id = 1;');
    expect(first.incident).toMatchObject({ priority: 'P1', status: 'vendor_root_caused' });
    const detail = await t.api.get(`/api/v1/incidents/${p1.id}`).set(t.auth(AS.system));
    expect(detail.headers.etag).toBe(`"${first.incident.version}"`);
    expect(res.body.nextCursor).toBeNull();
  });

  it('gives devops the approved tasks to execute, and drops them once verified', async () => {
    await post(AS.system, `/api/v1/incidents/${p3.id}/change-tasks/1/steps`, { type: 'approve' });
    const approved = await list(AS.devops, '?status=approved').expect(200);
    expect(approved.body.items.map((row: { incident: { id: number } }) => row.incident.id)).toEqual(
      [p3.id],
    );

    await post(AS.devops, `/api/v1/incidents/${p3.id}/change-tasks/1/steps`, {
      type: 'execute',
      result: 'succeeded',
      output: 'UPDATE 1',
    });
    const open = await list(AS.vendor).expect(200);
    const executed = open.body.items.find(
      (row: { incident: { id: number } }) => row.incident.id === p3.id,
    );
    expect(executed.task).toMatchObject({ status: 'executed', output: 'UPDATE 1' });

    await post(AS.vendor, `/api/v1/incidents/${p3.id}/change-tasks/1/steps`, { type: 'verify' });
    const after = await list(AS.devops).expect(200);
    expect(after.body.items.map((row: { incident: { id: number } }) => row.incident.id)).toEqual([
      p1.id,
    ]);
    const history = await list(AS.devops, '?status=verified').expect(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0].task.executedById).toBe(AS.devops);
  });

  it('pages with a cursor in the same order', async () => {
    const all = await list(AS.system, '?status=requested&status=verified').expect(200);
    const first = await list(AS.system, '?status=requested&status=verified&limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(
      AS.system,
      `?status=requested&status=verified&limit=1&cursor=${first.body.nextCursor}`,
    ).expect(200);
    expect([...first.body.items, ...second.body.items]).toEqual(all.body.items);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows a reporter only their organisation’s incidents', async () => {
    const own = await list(AS.reporterGuangdong, '?status=requested&status=verified').expect(200);
    expect(own.body.items).toHaveLength(2);
    const other = await list(AS.reporterShanghai, '?status=requested&status=verified').expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('names the bad parameter', async () => {
    expectProblem(await list(AS.devops, '?status=done'), 400, '/querystring/status');
    expectProblem(await list(AS.devops, '?cursor=not-a-cursor'), 400, '/querystring/cursor');
  });
});

describe('POST /api/v1/incidents/:id/change-tasks', () => {
  it('answers each of several requests at once with the task it created', async () => {
    const { id } = await incidentWithSqlTask('data_wrong', 'one', 'select 1;');
    const scripts = Array.from(
      { length: 6 },
      (_, n) => `update quote set amount = ${n} where id = ${n};`,
    );
    const answers = await Promise.all(
      scripts.map((script) =>
        t.api
          .post(`/api/v1/incidents/${id}/change-tasks`)
          .set(t.auth(AS.vendor))
          .send({ kind: 'sql_script', script, note: '修正' }),
      ),
    );
    for (const [n, res] of answers.entries()) {
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sqlText: scripts[n], status: 'requested' });
      expect(res.headers.location).toBe(`/api/v1/incidents/${id}/change-tasks/${res.body.number}`);
    }
    // Task 1 came with the incident; the six took the next numbers, one each.
    expect(answers.map((res) => res.body.number).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    const listed = await t.api
      .get(`/api/v1/incidents/${id}/change-tasks`)
      .set(t.auth(AS.vendor))
      .expect(200);
    for (const res of answers) {
      expect(
        listed.body.find((task: { number: number }) => task.number === res.body.number),
      ).toEqual(res.body);
    }
  });
});
