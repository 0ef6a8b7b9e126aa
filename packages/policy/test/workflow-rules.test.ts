/**
 * The workflow's rules one by one: cancel, fallback decisions, re-assessment, change tasks,
 * opening an incident, people in several groups, the reporter's organisation, and
 * `availableActions` agreeing with `transition`.
 */
import { describe, expect, it } from 'vitest';
import { GROUPS } from '../src/model.js';
import {
  INCIDENT_STATUSES,
  WORKFLOW_ACTIONS,
  availableActions,
  transition,
} from '../src/workflow/index.js';
import type { Actor, IncidentState, RefusalCode, WorkflowAction } from '../src/workflow/index.js';
import {
  MINUTE,
  REPORTER_ORG,
  T0,
  act,
  actorOf,
  context,
  deepFreeze,
  sampleAction,
  signature,
  stateFor,
} from './support/workflow-fixtures.js';

const LATER = T0 + 60 * MINUTE;
const desk = actorOf('desk');
const system = actorOf('system');
const vendor = actorOf('vendor');
const devops = actorOf('devops');
const leaders = actorOf('leaders');
const reporter = actorOf('reporters');
const otherReporter: Actor = { id: 'u-other', groups: ['reporters'], organisation: 'Hubei region' };

function refusal(state: IncidentState | null, action: WorkflowAction, actor: Actor) {
  const result = transition(state, action, actor, LATER, context);
  if (result.ok) throw new Error(`${action.type} was accepted`);
  return result.refusal;
}
const codeOf = (state: IncidentState | null, action: WorkflowAction, actor: Actor): RefusalCode =>
  refusal(state, action, actor).code;

describe('cancel', () => {
  it('as a duplicate names the original, and cancels open change tasks', () => {
    const state = stateFor('vendor_root_caused', 'approve_change');
    const { next, effects } = act(
      state,
      { type: 'cancel', reason: 'duplicate', duplicateOf: 'INC-2026-0042' },
      desk,
      LATER,
    );
    expect(next).toMatchObject({
      status: 'cancelled',
      holder: null,
      cancellation: { reason: 'duplicate', duplicateOf: 'INC-2026-0042' },
    });
    expect(next.changeTasks.map((t) => t.status)).toEqual(['cancelled']);
    expect(effects[0]).toMatchObject({ data: { cancelledChangeTasks: [1] } });
    expect(effects.map(signature)).toEqual([
      'record:cancel',
      'hand_off:vendor>-',
      'clock:stop',
      'notify:vendor',
      'notify:reporter',
    ]);
  });

  it('as a duplicate needs the duplicate’s id', () => {
    const state = stateFor('triage');
    expect(codeOf(state, { type: 'cancel', reason: 'duplicate', duplicateOf: ' ' }, desk)).toBe(
      'missing_field',
    );
  });

  it('lets the reporter withdraw before escalation, without acknowledging the report', () => {
    const { next, effects } = act(
      stateFor('reported'),
      { type: 'cancel', reason: 'withdrawn' },
      reporter,
      LATER,
    );
    expect(next).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'withdrawn' },
      acknowledgedAt: null,
    });
    expect(effects.map((e) => e.type)).not.toContain('acknowledge');
  });

  it('does not let the reporter mark a duplicate, nor withdraw after escalation', () => {
    const duplicate: WorkflowAction = { type: 'cancel', reason: 'duplicate', duplicateOf: 'X-1' };
    const judged = refusal(stateFor('triage'), duplicate, reporter);
    expect(judged.code).toBe('not_allowed_for_group');
    expect(judged.reason).toContain('desk or system');
    const late = refusal(
      stateFor('with_system'),
      { type: 'cancel', reason: 'withdrawn' },
      reporter,
    );
    expect(late.code).toBe('not_allowed_for_group');
    expect(late.reason).toContain('desk or system');
  });

  it('is refused after resolution and on a terminal incident', () => {
    const withdraw: WorkflowAction = { type: 'cancel', reason: 'withdrawn' };
    expect(codeOf(stateFor('resolved'), withdraw, desk)).toBe('invalid_in_status');
    expect(codeOf(stateFor('cancelled'), withdraw, desk)).toBe('terminal');
    expect(codeOf(stateFor('closed'), withdraw, desk)).toBe('terminal');
  });
});

describe('the leaders’ fallback decision (plan §6)', () => {
  it('is kept with who, when and why; the status does not change; everyone hears', () => {
    const before = stateFor('onsite');
    const first = act(
      before,
      {
        type: 'record_fallback_decision',
        decision: 'offline_bidding',
        reason: 'Not before 11:00.',
      },
      leaders,
      LATER,
    );
    const second = act(
      first.next,
      {
        type: 'record_fallback_decision',
        decision: 'rerun_online_after_recovery',
        reason: 'Fixed at 10:40; re-run the round at 14:00.',
      },
      leaders,
      LATER + MINUTE,
    );
    expect(second.next.status).toBe('onsite');
    expect(second.next.fallbackDecisions).toEqual([
      {
        decision: 'offline_bidding',
        reason: 'Not before 11:00.',
        decidedBy: 'u-leaders',
        at: LATER,
      },
      {
        decision: 'rerun_online_after_recovery',
        reason: 'Fixed at 10:40; re-run the round at 14:00.',
        decidedBy: 'u-leaders',
        at: LATER + MINUTE,
      },
    ]);
    expect(first.effects.map(signature)).toEqual([
      'record:record_fallback_decision',
      'notify:desk,system,vendor,devops',
      'notify:reporter',
    ]);
  });

  it('needs a reason, a confirmed system fault and a leader', () => {
    const decide = (reason: string): WorkflowAction => ({
      type: 'record_fallback_decision',
      decision: 'offline_bidding',
      reason,
    });
    expect(codeOf(stateFor('with_system'), decide(''), leaders)).toBe('missing_field');
    expect(codeOf(stateFor('triage'), decide('Down.'), leaders)).toBe('invalid_in_status');
    expect(codeOf(stateFor('with_system'), decide('Down.'), system)).toBe('not_allowed_for_group');
  });
});

describe('reassess (plan §5.1: the handler corrects the impact from the facts)', () => {
  it('re-derives the priority and says why', () => {
    const { next, effects } = act(
      stateFor('with_system'),
      { type: 'reassess', scope: 'some', reason: 'Only suppliers in two regions.' },
      system,
      LATER,
    );
    expect(next).toMatchObject({ status: 'with_system', impact: 'high', scope: 'some' });
    expect(next.priority).toBe('P2');
    expect(effects).toContainEqual({
      type: 'set_priority',
      priority: 'P2',
      impact: 'high',
      scope: 'some',
      reason: 'Only suppliers in two regions.',
      at: LATER,
    });
  });

  it('must change something, and say why', () => {
    const state = stateFor('vendor_new');
    expect(codeOf(state, { type: 'reassess', impact: 'high', reason: 'Same.' }, vendor)).toBe(
      'no_change',
    );
    expect(codeOf(state, { type: 'reassess', impact: 'low', reason: '  ' }, vendor)).toBe(
      'missing_field',
    );
  });

  it('belongs to whoever holds the incident', () => {
    const action: WorkflowAction = { type: 'reassess', impact: 'low', reason: 'A request.' };
    expect(codeOf(stateFor('with_system'), action, desk)).toBe('not_allowed_for_group');
    expect(codeOf(stateFor('vendor_fixed'), action, system)).toBe('not_allowed_for_group');
    expect(codeOf(stateFor('final_test'), action, vendor)).toBe('invalid_in_status');
  });
});

describe('change tasks (plan §4: 版本、紧急版本、SQL脚本)', () => {
  it('need their material: a script for SQL, a package for a release', () => {
    const state = stateFor('vendor_root_caused');
    const sql = refusal(state, { type: 'request_change', kind: 'sql_script' }, vendor);
    expect(sql).toMatchObject({ code: 'missing_field' });
    expect(sql.reason).toContain('script');
    const release = refusal(
      state,
      { type: 'request_change', kind: 'release', script: 'x' },
      vendor,
    );
    expect(release.reason).toContain('packageRef');
  });

  it('move only in order: requested → approved → executed → verified', () => {
    const requested = stateFor('vendor_fixed', 'approve_change');
    const execute: WorkflowAction = {
      type: 'execute_change',
      task: 1,
      result: 'succeeded',
      output: 'ok',
    };
    expect(codeOf(requested, execute, devops)).toBe('invalid_change_task_status');
    expect(codeOf(requested, { type: 'verify_change', task: 1 }, vendor)).toBe(
      'invalid_change_task_status',
    );
    expect(codeOf(requested, { type: 'approve_change', task: 2 }, system)).toBe(
      'unknown_change_task',
    );
  });

  it('a rejected or failed task no longer blocks delivery; a new one is numbered next', () => {
    const requested = stateFor('vendor_verified', 'reject_change');
    const rejected = act(
      requested,
      { type: 'reject_change', task: 1, reason: 'Add a WHERE clause.' },
      system,
      LATER,
    );
    expect(rejected.effects.map(signature)).toEqual(['record:reject_change', 'notify:vendor']);
    expect(rejected.next.changeTasks[0]?.status).toBe('rejected');

    const second = act(
      rejected.next,
      { type: 'request_change', kind: 'sql_script', script: 'DELETE … WHERE campaign = 7;' },
      vendor,
      LATER + MINUTE,
    ).next;
    const approved = act(second, { type: 'approve_change', task: 2 }, system, LATER + 2 * MINUTE);
    const failed = act(
      approved.next,
      { type: 'execute_change', task: 2, result: 'failed', output: 'ORA-00054: resource busy' },
      devops,
      LATER + 3 * MINUTE,
    ).next;
    expect(failed.changeTasks[1]).toMatchObject({ number: 2, status: 'failed', result: 'failed' });
    expect(
      transition(failed, sampleAction('deliver_for_final_test', 'vendor'), vendor, LATER, context)
        .ok,
    ).toBe(true);
  });

  it('are verified by the requester’s group or system, not by devops', () => {
    const executed = stateFor('vendor_fixed', 'verify_change');
    const verify: WorkflowAction = { type: 'verify_change', task: 1 };
    expect(act(executed, verify, system, LATER).next.changeTasks[0]?.status).toBe('verified');
    expect(codeOf(executed, verify, devops)).toBe('not_allowed_for_group');
  });

  it('are listed per task in availableActions', () => {
    const one = stateFor('vendor_fixed', 'approve_change');
    const two = act(
      one,
      { type: 'request_change', kind: 'release', packageRef: 'ovms-2.3.2' },
      vendor,
      LATER,
    ).next;
    const approvedFirst = act(two, { type: 'approve_change', task: 1 }, system, LATER).next;
    expect(availableActions(approvedFirst, system)).toEqual([
      { type: 'cancel' },
      { type: 'approve_change', task: 2 },
      { type: 'reject_change', task: 2 },
    ]);
    expect(availableActions(approvedFirst, devops)).toEqual([{ type: 'execute_change', task: 1 }]);
    expect(availableActions(approvedFirst, vendor).map((a) => a.type)).not.toContain(
      'deliver_for_final_test',
    );
  });
});

describe('report', () => {
  const report = (group: Parameters<typeof actorOf>[0]) =>
    sampleAction('report', group) as Extract<WorkflowAction, { type: 'report' }>;

  it('takes a reporter’s organisation from their account', () => {
    const { next } = act(null, report('reporters'), reporter, T0);
    expect(next).toMatchObject({
      reporterOrganisation: REPORTER_ORG,
      reportedAt: T0,
      channel: 'web',
    });
    expect(
      codeOf(null, { ...report('reporters'), reporterOrganisation: 'Hubei region' }, reporter),
    ).toBe('invalid_field');
  });

  it('lets devops open an incident from its monitoring', () => {
    const { next, effects } = act(null, report('devops'), devops, T0);
    expect(next).toMatchObject({ channel: 'devops_monitoring', reportedBy: 'u-devops' });
    expect(effects[0]).toMatchObject({ as: 'devops' });
  });

  it('keeps each channel to the group that uses it', () => {
    const hotline = refusal(null, { ...report('reporters'), channel: 'hotline_fault' }, reporter);
    expect(hotline.code).toBe('channel_not_allowed');
    expect(hotline.reason).toContain('desk');
  });

  it('refuses a reported time in the future', () => {
    expect(codeOf(null, { ...report('desk'), reportedAt: LATER + 1 }, desk)).toBe('invalid_field');
  });
});

describe('people in several groups, and the reporter’s organisation', () => {
  it('act as the rule’s first group they hold: a reporter who is also at the desk confirms as reporter', () => {
    const both: Actor = { id: 'u-both', groups: ['desk', 'reporters'], organisation: REPORTER_ORG };
    const { effects } = act(stateFor('final_test'), { type: 'confirm_fix' }, both, LATER);
    expect(effects[0]).toMatchObject({ as: 'reporters', onBehalfOfReporter: false });
  });

  it('a reporter of another organisation is refused; if also at the desk, acts for the reporter', () => {
    const state = stateFor('final_test');
    const other = refusal(state, { type: 'confirm_fix' }, otherReporter);
    expect(other.code).toBe('not_reporters_organisation');
    expect(other.reason).toContain(REPORTER_ORG);
    expect(availableActions(state, otherReporter)).toEqual([]);

    const deskToo: Actor = { ...otherReporter, groups: ['reporters', 'desk'] };
    const { effects } = act(
      state,
      { type: 'reject_fix', note: 'Told us by phone.' },
      deskToo,
      LATER,
    );
    expect(effects[0]).toMatchObject({ as: 'desk', onBehalfOfReporter: true });
  });

  it('acknowledges as the handling group that first acts', () => {
    const deskAndSystem: Actor = { id: 'u-ds', groups: ['system', 'desk'] };
    const { effects } = act(
      stateFor('reported'),
      { type: 'cancel', reason: 'withdrawn' },
      deskAndSystem,
      LATER,
    );
    expect(effects).toContainEqual({ type: 'acknowledge', at: LATER, by: 'desk' });
  });
});

describe('availableActions', () => {
  it('offers exactly the actions transition accepts, in every status, to every group', () => {
    for (const status of INCIDENT_STATUSES) {
      for (const type of WORKFLOW_ACTIONS) {
        const state = stateFor(status, type);
        for (const group of GROUPS) {
          const actor = actorOf(group);
          const offered = availableActions(state, actor).some((a) => a.type === type);
          const accepted = transition(state, sampleAction(type, group), actor, LATER, context).ok;
          expect(offered, `${status} · ${type} · ${group}`).toBe(accepted);
        }
      }
    }
  });

  it('shows the reporter the final test’s two buttons, and lets reporters open incidents', () => {
    expect(availableActions(stateFor('final_test'), reporter)).toEqual([
      { type: 'confirm_fix' },
      { type: 'reject_fix' },
    ]);
    expect(availableActions(null, reporter)).toEqual([{ type: 'report' }]);
    expect(availableActions(null, leaders)).toEqual([]);
  });
});

describe('purity', () => {
  it('never mutates its inputs and returns a fresh state', () => {
    const state = deepFreeze(stateFor('vendor_fixed', 'verify_change'));
    const snapshot = structuredClone(state);
    const action = deepFreeze<WorkflowAction>({ type: 'verify_change', task: 1 });
    const { next } = act(state, action, vendor, LATER);
    expect(state).toEqual(snapshot);
    expect(next).not.toBe(state);
    expect(next.changeTasks).not.toBe(state.changeTasks);
  });

  it('gives the same answer for the same inputs', () => {
    const state = stateFor('final_test');
    const action: WorkflowAction = { type: 'reject_fix', note: 'Lot 7.' };
    expect(transition(state, action, reporter, LATER, context)).toEqual(
      transition(state, action, reporter, LATER, context),
    );
  });
});
