/**
 * Whole stories of DOMAIN.md §2 played through the machine, asserting on the effects the service
 * will carry out: the clock, the hand-offs (per-group time), notices and the timeline.
 */
import { describe, expect, it } from 'vitest';
import { GROUPS } from '../src/model.js';
import { availableActions, transition } from '../src/workflow/index.js';
import type {
  Actor,
  IncidentState,
  WorkflowAction,
  WorkflowEffect,
} from '../src/workflow/index.js';
import { REPORTER_ORG, context, deepFreeze, signature } from './support/workflow-fixtures.js';

/** Thursday 2026-11-26 in Shanghai. */
const at = (hhmm: string) => Date.parse(`2026-11-26T${hhmm}:00+08:00`);

const desk: Actor = { id: 'u-fangfang', groups: ['desk'] };
const system: Actor = { id: 'u-liuxiaowei', groups: ['system'] };
const devops: Actor = { id: 'u-zhangjianjun', groups: ['devops'] };
const vendor: Actor = { id: 'u-liuwei', groups: ['vendor'] };
const reporter: Actor = { id: 'u-zhoufeiying', groups: ['reporters'], organisation: REPORTER_ORG };

/**
 * Plays actions in order, each frozen so a mutation would throw, and keeps every effect.
 * Each state is checked to survive a JSON round trip: the service stores it as JSON.
 */
class Story {
  state: IncidentState | null = null;
  readonly effects: WorkflowEffect[] = [];

  play(action: WorkflowAction, actor: Actor, now: number): readonly WorkflowEffect[] {
    const result = transition(deepFreeze(this.state), deepFreeze(action), actor, now, context);
    if (!result.ok) throw new Error(`${action.type}: ${result.refusal.reason}`);
    expect(JSON.parse(JSON.stringify(result.next))).toEqual(result.next);
    this.state = result.next;
    this.effects.push(...result.effects);
    return result.effects;
  }

  refusalOf(action: WorkflowAction, actor: Actor, now: number) {
    const result = transition(this.state, action, actor, now, context);
    if (result.ok) throw new Error(`${action.type} was accepted`);
    return result.refusal;
  }

  get current(): IncidentState {
    if (this.state === null) throw new Error('not reported yet');
    return this.state;
  }

  of<T extends WorkflowEffect['type']>(type: T) {
    return this.effects.filter((e): e is Extract<WorkflowEffect, { type: T }> => e.type === type);
  }
}

describe('the whole flow of DOMAIN.md §2 (vendor path, one rejected final test)', () => {
  const story = new Story();

  it('the desk logs a hotline call with the time of the call; the clock starts then', () => {
    const effects = story.play(
      {
        type: 'report',
        channel: 'hotline_fault',
        kind: 'system_fault',
        impact: 'high',
        scope: 'some',
        reportedAt: at('09:05'),
        reporterOrganisation: REPORTER_ORG,
      },
      desk,
      at('09:12'),
    );
    expect(effects).toEqual([
      {
        type: 'record',
        event: 'report',
        at: at('09:12'),
        actorId: 'u-fangfang',
        as: 'desk',
        onBehalfOfReporter: false,
        from: null,
        to: 'reported',
        data: {
          channel: 'hotline_fault',
          kind: 'system_fault',
          impact: 'high',
          scope: 'some',
          reportedAt: at('09:05'),
          reporterOrganisation: REPORTER_ORG,
        },
      },
      {
        type: 'set_priority',
        priority: 'P2',
        impact: 'high',
        scope: 'some',
        reason: 'reported',
        at: at('09:05'),
      },
      { type: 'hand_off', from: null, to: 'desk', at: at('09:05') },
      { type: 'clock', op: 'start', at: at('09:05') },
      { type: 'notify', audience: ['desk'], event: 'report' },
    ]);
    expect(story.current).toMatchObject({
      status: 'reported',
      holder: 'desk',
      reportedAt: at('09:05'),
      reportedBy: 'u-fangfang',
      reporterOrganisation: REPORTER_ORG,
      acknowledgedAt: null,
    });
  });

  it('the desk escalates with an initial priority and impact statement: acknowledged', () => {
    const effects = story.play(
      {
        type: 'escalate_to_system',
        impact: 'high',
        scope: 'all',
        impactStatement: 'No supplier in any region can submit a quotation.',
      },
      desk,
      at('09:20'),
    );
    expect(effects.slice(1)).toEqual([
      { type: 'acknowledge', at: at('09:20'), by: 'desk' },
      {
        type: 'set_priority',
        priority: 'P1',
        impact: 'high',
        scope: 'all',
        reason: "desk's initial assessment",
        at: at('09:20'),
      },
      { type: 'hand_off', from: 'desk', to: 'system', at: at('09:20') },
      { type: 'notify', audience: ['system'], event: 'escalate_to_system' },
    ]);
    expect(story.current).toMatchObject({
      status: 'with_system',
      holder: 'system',
      priority: 'P1',
      acknowledgedAt: at('09:20'),
      impactStatement: 'No supplier in any region can submit a quotation.',
    });
  });

  it('system hands it to the vendor, who registers, reproduces and finds it needs SQL', () => {
    story.play({ type: 'hand_to_vendor' }, system, at('09:30'));
    story.play({ type: 'register', vendorReference: 'HT-2026-118' }, vendor, at('09:40'));
    story.play({ type: 'record_reproduction', note: 'Reproduced.' }, vendor, at('10:00'));
    const effects = story.play(
      {
        type: 'record_root_cause',
        rootCause: 'Stale quotation rows block the unique index.',
        needsProductionSql: true,
        networkMatter: false,
      },
      vendor,
      at('10:30'),
    );
    expect(effects.map(signature)).toEqual(['record:record_root_cause', 'notify:system']);
    expect(story.current).toMatchObject({
      status: 'vendor_root_caused',
      holder: 'vendor',
      rootCause: { needsProductionSql: true, networkMatter: false },
    });
  });

  it('the vendor requests an SQL script; system approves; devops executes it', () => {
    const script = "DELETE FROM quotation WHERE state = 'stale';";
    const requested = story.play(
      { type: 'request_change', kind: 'sql_script', script },
      vendor,
      at('10:40'),
    );
    expect(requested[0]).toMatchObject({ type: 'record', data: { task: 1, script } });
    expect(requested.map(signature)).toEqual(['record:request_change', 'notify:system']);

    const approved = story.play({ type: 'approve_change', task: 1 }, system, at('10:45'));
    expect(approved.map(signature)).toEqual(['record:approve_change', 'notify:devops,vendor']);

    const executed = story.play(
      { type: 'execute_change', task: 1, result: 'succeeded', output: '12 rows deleted.' },
      devops,
      at('10:55'),
    );
    expect(executed.map(signature)).toEqual(['record:execute_change', 'notify:vendor,system']);
    expect(story.current.changeTasks).toEqual([
      {
        number: 1,
        kind: 'sql_script',
        status: 'executed',
        requestedBy: 'vendor',
        requestedAt: at('10:40'),
        result: 'succeeded',
      },
    ]);
  });

  it('the vendor fixes and verifies, but cannot deliver before verifying the change task', () => {
    story.play({ type: 'record_fix', note: 'Guard in the save path.' }, vendor, at('11:00'));
    story.play({ type: 'record_verification', note: 'Verified.' }, vendor, at('11:05'));
    const refusal = story.refusalOf(
      { type: 'deliver_for_final_test', note: 'Please submit again.' },
      vendor,
      at('11:06'),
    );
    expect(refusal.code).toBe('open_change_tasks');
    expect(refusal.reason).toContain('#1 (executed)');

    story.play({ type: 'verify_change', task: 1 }, vendor, at('11:10'));
    const delivered = story.play(
      { type: 'deliver_for_final_test', note: 'Please submit again.' },
      vendor,
      at('11:15'),
    );
    expect(delivered.slice(1)).toEqual([
      { type: 'hand_off', from: 'vendor', to: 'reporters', at: at('11:15') },
      { type: 'clock', op: 'pause', at: at('11:15') },
      { type: 'notify', audience: ['desk'], event: 'deliver_for_final_test' },
      { type: 'notify', audience: 'reporter', event: 'deliver_for_final_test' },
    ]);
    expect(story.current).toMatchObject({ status: 'final_test', fixDeliveredBy: 'vendor' });
  });

  it('the reporter rejects the fix: back to the vendor at root cause, round 1, clock resumes', () => {
    const effects = story.play(
      { type: 'reject_fix', note: 'Lot 7 still fails.' },
      reporter,
      at('11:40'),
    );
    expect(effects).toEqual([
      {
        type: 'record',
        event: 'reject_fix',
        at: at('11:40'),
        actorId: 'u-zhoufeiying',
        as: 'reporters',
        onBehalfOfReporter: false,
        from: 'final_test',
        to: 'vendor_reproduced',
        data: { note: 'Lot 7 still fails.' },
      },
      { type: 'hand_off', from: 'reporters', to: 'vendor', at: at('11:40') },
      { type: 'clock', op: 'resume', at: at('11:40') },
      { type: 'notify', audience: ['vendor'], event: 'reject_fix' },
    ]);
    expect(story.current).toMatchObject({ status: 'vendor_reproduced', rejectionRounds: 1 });
  });

  it('the vendor locates, fixes, verifies and delivers again (再次定位问题-解决问题-验证后交付)', () => {
    story.play(
      {
        type: 'record_root_cause',
        rootCause: 'Lots with a split award skip the guard.',
        needsProductionSql: false,
        networkMatter: false,
      },
      vendor,
      at('13:10'),
    );
    story.play({ type: 'record_fix', note: 'Guard covers split awards.' }, vendor, at('13:30'));
    story.play({ type: 'record_verification', note: 'Lot 7 saved.' }, vendor, at('13:45'));
    story.play({ type: 'deliver_for_final_test', note: 'Lot 7 again.' }, vendor, at('14:00'));
    expect(story.current.status).toBe('final_test');
  });

  it('the reporter confirms: the clock stops and the desk holds it to close', () => {
    const effects = story.play({ type: 'confirm_fix' }, reporter, at('14:20'));
    expect(effects.slice(1)).toEqual([
      { type: 'hand_off', from: 'reporters', to: 'desk', at: at('14:20') },
      { type: 'clock', op: 'stop', at: at('14:20') },
      { type: 'notify', audience: ['desk'], event: 'confirm_fix' },
    ]);
    expect(story.current.status).toBe('resolved');
  });

  it('the desk verifies, tells the region and closes with a resolution code', () => {
    const effects = story.play(
      { type: 'verify_and_close', resolution: 'fixed' },
      desk,
      at('14:30'),
    );
    expect(effects.slice(1)).toEqual([
      { type: 'hand_off', from: 'desk', to: null, at: at('14:30') },
      { type: 'notify', audience: 'reporter', event: 'verify_and_close' },
    ]);
    expect(story.current).toMatchObject({
      status: 'closed',
      holder: null,
      resolution: 'fixed',
      rejectionRounds: 1,
    });
    expect(story.current.changeTasks.map((t) => t.status)).toEqual(['verified']);
  });

  it('left a clock history and a chain of hand-offs the SLA can account', () => {
    expect(story.of('clock').map((e) => [e.op, e.at])).toEqual([
      ['start', at('09:05')],
      ['pause', at('11:15')],
      ['resume', at('11:40')],
      ['pause', at('14:00')],
      ['stop', at('14:20')],
    ]);
    expect(story.of('hand_off').map((e) => `${e.from ?? '-'}>${e.to ?? '-'}`)).toEqual([
      '->desk',
      'desk>system',
      'system>vendor',
      'vendor>reporters',
      'reporters>vendor',
      'vendor>reporters',
      'reporters>desk',
      'desk>-',
    ]);
    expect(story.of('acknowledge')).toHaveLength(1);
    expect(story.of('record')).toHaveLength(20);
  });

  it('offers nothing more to anyone once closed', () => {
    for (const group of GROUPS) {
      expect(availableActions(story.current, { id: 'u', groups: [group] })).toEqual([]);
    }
  });
});

describe('an operation question (操作类问题)', () => {
  it('is guided by phone and closed by the desk with operation_guidance', () => {
    const story = new Story();
    story.play(
      {
        type: 'report',
        channel: 'hotline_operation',
        kind: 'operation_question',
        impact: 'low',
        scope: 'one',
        reportedAt: at('10:00'),
      },
      desk,
      at('10:02'),
    );
    expect(story.current.priority).toBe('P4');
    const effects = story.play(
      { type: 'guide_and_close', guidance: 'Upload the quotation as PDF, not XLS.' },
      desk,
      at('10:06'),
    );
    expect(effects.map(signature)).toEqual([
      'record:guide_and_close',
      'acknowledge:desk',
      'hand_off:desk>-',
      'clock:stop',
      'notify:reporter',
    ]);
    expect(story.current).toMatchObject({
      status: 'closed',
      kind: 'operation_question',
      resolution: 'operation_guidance',
      acknowledgedAt: at('10:06'),
    });
  });

  it('may be a reported "fault" the desk finds to be an operation question', () => {
    const story = new Story();
    story.play(
      { type: 'report', channel: 'web', kind: 'system_fault', impact: 'high', scope: 'one' },
      reporter,
      at('10:00'),
    );
    story.play({ type: 'acknowledge' }, desk, at('10:10'));
    story.play({ type: 'guide_and_close', guidance: 'Select the lot first.' }, desk, at('10:15'));
    expect(story.current).toMatchObject({
      kind: 'operation_question',
      resolution: 'operation_guidance',
      acknowledgedAt: at('10:10'),
    });
  });
});

describe('on-site handling of an urgent, blocking fault (紧急、阻断性问题，必须马上现场处理)', () => {
  const story = new Story();

  it('system takes it on site with devops, and the leaders hear of it', () => {
    story.play(
      { type: 'report', channel: 'web', kind: 'system_fault', impact: 'high', scope: 'all' },
      reporter,
      at('09:00'),
    );
    story.play(
      { type: 'escalate_to_system', impact: 'high', scope: 'all', impactStatement: 'Down.' },
      desk,
      at('09:03'),
    );
    const effects = story.play(
      { type: 'start_onsite_handling', note: 'Bidding round closes at 11:00.' },
      system,
      at('09:05'),
    );
    expect(effects.map(signature)).toEqual([
      'record:start_onsite_handling',
      'notify:devops,leaders',
    ]);
    expect(story.current).toMatchObject({ status: 'onsite', holder: 'system', priority: 'P1' });
  });

  it('an emergency release requested by system notifies devops and system at once', () => {
    const requested = story.play(
      { type: 'request_change', kind: 'emergency_release', packageRef: 'ovms-2.3.1-hotfix1' },
      system,
      at('09:30'),
    );
    expect(requested.map(signature)).toEqual(['record:request_change', 'notify:system,devops']);
    story.play({ type: 'approve_change', task: 1 }, system, at('09:32'));
    story.play(
      { type: 'execute_change', task: 1, result: 'succeeded', output: 'Deployed to 4 nodes.' },
      devops,
      at('09:50'),
    );
    story.play({ type: 'verify_change', task: 1 }, system, at('09:55'));
    expect(story.current.changeTasks[0]).toMatchObject({
      requestedBy: 'system',
      status: 'verified',
    });
  });

  it('system delivers; a rejection returns to on-site handling, not to the vendor', () => {
    story.play({ type: 'deliver_for_final_test', note: 'Try to bid.' }, system, at('10:00'));
    expect(story.current.fixDeliveredBy).toBe('system');
    const effects = story.play({ type: 'reject_fix', note: 'Still slow.' }, reporter, at('10:10'));
    expect(effects.map(signature)).toEqual([
      'record:reject_fix',
      'hand_off:reporters>system',
      'clock:resume',
      'notify:system',
    ]);
    expect(story.current).toMatchObject({ status: 'onsite', rejectionRounds: 1 });
  });

  it('the desk records the reporter’s phone confirmation on their behalf, then closes', () => {
    story.play({ type: 'deliver_for_final_test', note: 'Cache cleared.' }, system, at('10:30'));
    const effects = story.play({ type: 'confirm_fix' }, desk, at('10:40'));
    expect(effects[0]).toMatchObject({
      type: 'record',
      as: 'desk',
      onBehalfOfReporter: true,
      actorId: 'u-fangfang',
    });
    story.play({ type: 'verify_and_close', resolution: 'workaround' }, desk, at('10:45'));
    expect(story.current).toMatchObject({ status: 'closed', resolution: 'workaround' });
  });
});
