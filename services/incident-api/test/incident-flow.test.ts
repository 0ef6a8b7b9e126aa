/**
 * The whole flow of DOMAIN.md §2 through the API, checking due time, pauses and the per-group
 * account in working time of the default calendar (Asia/Shanghai, Mon–Fri 09–12, 13–18).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  // Monday 2026-03-02, an ordinary working day; no campaign: OVMS is grade B.
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
});
afterAll(() => t.close());

const at = (hhmm: string) => t.clock.set(`2026-03-02T${hhmm}:00+08:00`);
const shanghai = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);

async function act(id: number, who: string, body: Record<string, unknown>, path = 'actions') {
  const res = await t.api.post(`/api/v1/incidents/${id}/${path}`).set(t.auth(who)).send(body);
  if (res.status >= 300)
    throw new Error(`${body.type ?? path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('hotline call to closure (plan §4)', () => {
  it('runs the whole flow with one rejected final test, in working time', async () => {
    // 09:30 a regional user calls the fault hotline; the desk logs it at 10:00 with the call's time.
    at('10:00');
    const reported = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send({
        channel: 'hotline_fault',
        kind: 'system_fault',
        category: 'system_defect',
        title: '投标报价保存后金额显示为0',
        description: '供应商提交报价后，列表中金额显示为0。',
        symptom: 'data_wrong',
        scope: 'some',
        reporter: { organisation: '华南区-广东', name: '张三', phone: '020-12345678' },
        reportedAt: '2026-03-02T09:30:00+08:00',
      })
      .expect(201);
    const id = reported.body.id as number;
    // data_wrong → high impact; high × some users → P2; grade B P2 → 2 working hours.
    expect(reported.body).toMatchObject({
      status: 'reported',
      priority: 'P2',
      effectiveGrade: 'B',
    });
    expect(reported.body.sla.targetMinutes).toBe(120);
    // 09:30 + 2 h of working time = 11:30 the same morning.
    expect(shanghai(reported.body.sla.dueAt)).toBe('2026-03-02 11:30');
    expect(reported.body.sla.spentMinutes).toBe(30);

    await act(id, AS.desk, {
      type: 'escalate_to_system',
      impact: 'high',
      scope: 'some',
      impactStatement: '部分供应商报价金额显示错误，影响评标。',
    });
    at('10:10');
    await act(id, AS.system, { type: 'hand_to_vendor', note: '非紧急，交汇通登记' });
    at('10:15');
    await act(id, AS.vendor, { type: 'register', vendorReference: 'HT-2026-031' });
    await act(id, AS.vendor, { type: 'record_reproduction', note: '测试环境重现' });
    await act(id, AS.vendor, {
      type: 'record_root_cause',
      rootCause: '金额字段精度转换错误，历史数据需修正',
      needsProductionSql: true,
      networkMatter: false,
    });
    at('10:30');
    const script = 'update bid_quote set amount = amount_raw / 100 where amount = 0;';
    const task = await act(
      id,
      AS.vendor,
      { kind: 'sql_script', script, note: '修正金额' },
      'change-tasks',
    );
    expect(task).toMatchObject({ number: 1, status: 'requested', sqlText: script });
    expect(task.sqlChecksum).toMatch(/^[0-9a-f]{64}$/);

    // Devops may not run what system has not approved.
    const early = await t.api
      .post(`/api/v1/incidents/${id}/change-tasks/1/steps`)
      .set(t.auth(AS.devops))
      .send({ type: 'execute', result: 'succeeded', output: '3 rows' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('invalid_change_task_status');

    at('10:35');
    await act(id, AS.system, { type: 'approve', note: '同意执行' }, 'change-tasks/1/steps');
    at('10:40');
    const executed = await act(
      id,
      AS.devops,
      { type: 'execute', result: 'succeeded', output: 'UPDATE 3' },
      'change-tasks/1/steps',
    );
    expect(executed).toMatchObject({
      status: 'executed',
      executedById: AS.devops,
      output: 'UPDATE 3',
    });
    at('10:45');
    await act(id, AS.vendor, { type: 'verify' }, 'change-tasks/1/steps');
    await act(id, AS.vendor, { type: 'record_fix', note: '修复精度转换' });
    await act(id, AS.vendor, { type: 'record_verification', note: '测试通过' });
    at('10:50');
    const delivered = await act(id, AS.vendor, {
      type: 'deliver_for_final_test',
      note: '请验证报价金额',
    });
    expect(delivered.status).toBe('final_test');
    expect(delivered.sla.paused).toBe(true);

    // 13:30: the reporter rejects. The pause 10:50–13:30 is 70 + 30 = 100 working minutes.
    at('13:30');
    const rejected = await act(id, AS.reporterGuangdong, {
      type: 'reject_fix',
      note: '部分记录仍为0',
    });
    expect(rejected).toMatchObject({ status: 'vendor_reproduced', rejectionRounds: 1 });
    expect(rejected.sla.paused).toBe(false);
    // Due 11:30 pushed by the 100 paused minutes: 11:30→12:00 (30), 13:00→14:10 (70).
    expect(shanghai(rejected.sla.dueAt)).toBe('2026-03-02 14:10');

    await act(id, AS.vendor, {
      type: 'record_root_cause',
      rootCause: '另有一张历史表未修正',
      needsProductionSql: false,
      networkMatter: false,
    });
    await act(id, AS.vendor, { type: 'record_fix', note: '补充修正' });
    await act(id, AS.vendor, { type: 'record_verification', note: '全部通过' });
    at('14:00');
    await act(id, AS.vendor, { type: 'deliver_for_final_test', note: '请再次验证' });
    at('15:00');
    const confirmed = await act(id, AS.reporterGuangdong, { type: 'confirm_fix', note: '已正常' });
    expect(confirmed.status).toBe('resolved');
    at('15:10');
    const closed = await act(id, AS.desk, { type: 'verify_and_close', resolution: 'fixed' });
    expect(closed).toMatchObject({ status: 'closed', resolutionCode: 'fixed', rejectionRounds: 1 });

    // Working time on the clock: 09:30–10:50 (80) + 13:30–14:00 (30) = 110 of 120 minutes.
    expect(closed.sla).toMatchObject({
      spentMinutes: 110,
      leftMinutes: 10,
      stopped: true,
      breached: false,
      pausedMinutes: 100 + 60,
    });
    // Desk 09:30–10:00, system 10:00–10:10, vendor 10:10–10:50 and 13:30–14:00.
    expect(closed.sla.byGroup).toMatchObject({ desk: 30, system: 10, vendor: 70 });

    const types = closed.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'report',
        'escalate_to_system',
        'hand_to_vendor',
        'request_change',
        'approve_change',
        'execute_change',
        'verify_change',
        'deliver_for_final_test',
        'reject_fix',
        'confirm_fix',
        'verify_and_close',
        'clock_paused',
        'clock_resumed',
        'clock_stopped',
      ]),
    );
    expect(closed.changeTasks[0]).toMatchObject({ status: 'verified', verifiedById: AS.vendor });
  });
});
