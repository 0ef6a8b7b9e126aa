/**
 * Every (status, action, group) triple, generated from the exported lists, against an expected
 * outcome table written here from the plan (DOMAIN.md §2, plan §3.2 and §4), not read from the
 * implementation's rules. An action added without a rule here fails: it is expected refused.
 */
import { describe, expect, it } from 'vitest';
import { GROUPS } from '../src/model.js';
import type { GroupId } from '../src/model.js';
import { INCIDENT_STATUSES, WORKFLOW_ACTIONS, transition } from '../src/workflow/index.js';
import type { ActionType, IncidentStatus, RefusalCode } from '../src/workflow/index.js';
import {
  T0,
  actorOf,
  context,
  sampleAction,
  signature,
  stateFor,
} from './support/workflow-fixtures.js';

type From = IncidentStatus | 'none';

interface Allowed {
  readonly from: readonly From[];
  readonly by: readonly GroupId[];
  readonly to: IncidentStatus | 'same';
  /** Signatures after the timeline record, given the group that acted and the status before. */
  readonly effects: (group: GroupId, from: From) => readonly string[];
}

const VENDOR_STAGES: readonly IncidentStatus[] = [
  'vendor_new',
  'vendor_registered',
  'vendor_reproduced',
  'vendor_root_caused',
  'vendor_fixed',
  'vendor_verified',
];
const VENDOR_WORK = VENDOR_STAGES.filter((s) => s !== 'vendor_new');
const ESCALATED_OPEN: readonly IncidentStatus[] = [
  'with_system',
  'onsite',
  ...VENDOR_STAGES,
  'final_test',
];
const HOLDER: Partial<Record<From, string>> = {
  reported: 'desk',
  triage: 'desk',
  with_system: 'system',
  onsite: 'system',
  final_test: 'reporters',
  ...Object.fromEntries(VENDOR_STAGES.map((s) => [s, 'vendor'])),
};
/** Only the desk's or system's first touch of a fresh report acknowledges it. */
const ack = (group: GroupId, from: From) =>
  from === 'reported' && group !== 'reporters' ? [`acknowledge:${group}`] : [];
/** In the fixtures, change tasks are requested by the vendor, or by system on site. */
const requester = (from: From) => (from === 'onsite' ? 'system' : 'vendor');

/**
 * The fixtures: reported by a Guangdong reporter as high × some (P2); the desk escalates as
 * high × all (P1); the vendor's root cause needs SQL in production; re-assessment sets medium.
 */
const EXPECTED: Readonly<Record<ActionType, readonly Allowed[]>> = {
  report: [
    {
      from: ['none'],
      by: ['reporters', 'desk', 'devops'],
      to: 'reported',
      effects: () => ['set_priority:P2', 'hand_off:->desk', 'clock:start', 'notify:desk'],
    },
  ],
  acknowledge: [
    { from: ['reported'], by: ['desk'], to: 'triage', effects: () => ['acknowledge:desk'] },
  ],
  guide_and_close: [
    {
      from: ['reported', 'triage'],
      by: ['desk'],
      to: 'closed',
      effects: (g, from) => [...ack(g, from), 'hand_off:desk>-', 'clock:stop', 'notify:reporter'],
    },
  ],
  escalate_to_system: [
    {
      from: ['reported', 'triage'],
      by: ['desk'],
      to: 'with_system',
      effects: (g, from) => [
        ...ack(g, from),
        'set_priority:P1',
        'hand_off:desk>system',
        'notify:system',
      ],
    },
  ],
  start_onsite_handling: [
    {
      from: ['with_system'],
      by: ['system'],
      to: 'onsite',
      effects: () => ['notify:devops,leaders'],
    },
  ],
  hand_to_vendor: [
    {
      from: ['with_system'],
      by: ['system'],
      to: 'vendor_new',
      effects: () => ['hand_off:system>vendor', 'notify:vendor'],
    },
  ],
  register: [{ from: ['vendor_new'], by: ['vendor'], to: 'vendor_registered', effects: () => [] }],
  record_reproduction: [
    { from: ['vendor_registered'], by: ['vendor'], to: 'vendor_reproduced', effects: () => [] },
  ],
  record_root_cause: [
    {
      from: ['vendor_reproduced'],
      by: ['vendor'],
      to: 'vendor_root_caused',
      effects: () => ['notify:system'],
    },
  ],
  record_fix: [
    { from: ['vendor_root_caused'], by: ['vendor'], to: 'vendor_fixed', effects: () => [] },
  ],
  record_verification: [
    { from: ['vendor_fixed'], by: ['vendor'], to: 'vendor_verified', effects: () => [] },
  ],
  deliver_for_final_test: [
    {
      from: ['vendor_verified'],
      by: ['vendor'],
      to: 'final_test',
      effects: () => ['hand_off:vendor>reporters', 'clock:pause', 'notify:desk', 'notify:reporter'],
    },
    {
      from: ['onsite'],
      by: ['system'],
      to: 'final_test',
      effects: () => ['hand_off:system>reporters', 'clock:pause', 'notify:desk', 'notify:reporter'],
    },
  ],
  confirm_fix: [
    {
      from: ['final_test'],
      by: ['reporters', 'desk'],
      to: 'resolved',
      effects: () => ['hand_off:reporters>desk', 'clock:stop', 'notify:desk'],
    },
  ],
  reject_fix: [
    {
      from: ['final_test'],
      by: ['reporters', 'desk'],
      to: 'vendor_reproduced',
      effects: () => ['hand_off:reporters>vendor', 'clock:resume', 'notify:vendor'],
    },
  ],
  verify_and_close: [
    {
      from: ['resolved'],
      by: ['desk'],
      to: 'closed',
      effects: () => ['hand_off:desk>-', 'notify:reporter'],
    },
  ],
  reassess: [
    { from: ['triage'], by: ['desk'], to: 'same', effects: () => ['set_priority:P3'] },
    {
      from: ['with_system', 'onsite'],
      by: ['system'],
      to: 'same',
      effects: () => ['set_priority:P2'],
    },
    { from: VENDOR_STAGES, by: ['vendor'], to: 'same', effects: () => ['set_priority:P2'] },
  ],
  cancel: [
    {
      from: ['reported', 'triage'],
      by: ['desk', 'system', 'reporters'],
      to: 'cancelled',
      effects: (g, from) => [
        ...ack(g, from),
        'hand_off:desk>-',
        'clock:stop',
        'notify:desk',
        'notify:reporter',
      ],
    },
    {
      from: ESCALATED_OPEN,
      by: ['desk', 'system'],
      to: 'cancelled',
      effects: (_g, from) => [
        `hand_off:${HOLDER[from]}>-`,
        'clock:stop',
        ...(from === 'final_test' ? [] : [`notify:${HOLDER[from]}`]),
        'notify:reporter',
      ],
    },
  ],
  record_fallback_decision: [
    {
      from: [...ESCALATED_OPEN, 'resolved'],
      by: ['leaders'],
      to: 'same',
      effects: () => ['notify:desk,system,vendor,devops', 'notify:reporter'],
    },
  ],
  request_change: [
    { from: VENDOR_WORK, by: ['vendor'], to: 'same', effects: () => ['notify:system'] },
    { from: ['onsite'], by: ['system'], to: 'same', effects: () => ['notify:system'] },
  ],
  approve_change: [
    {
      from: [...VENDOR_WORK, 'onsite'],
      by: ['system'],
      to: 'same',
      effects: (_g, from) => [`notify:devops,${requester(from)}`],
    },
  ],
  reject_change: [
    {
      from: [...VENDOR_WORK, 'onsite'],
      by: ['system'],
      to: 'same',
      effects: (_g, from) => [`notify:${requester(from)}`],
    },
  ],
  execute_change: [
    {
      from: [...VENDOR_WORK, 'onsite'],
      by: ['devops'],
      to: 'same',
      effects: (_g, from) => [from === 'onsite' ? 'notify:system' : 'notify:vendor,system'],
    },
  ],
  verify_change: [
    { from: VENDOR_WORK, by: ['vendor', 'system'], to: 'same', effects: () => [] },
    { from: ['onsite'], by: ['system'], to: 'same', effects: () => [] },
  ],
};

const TERMINAL: readonly From[] = ['closed', 'cancelled'];

function expectedRefusal(from: From, action: ActionType): RefusalCode {
  if (from === 'none') return action === 'report' ? 'not_allowed_for_group' : 'not_reported';
  if (action === 'report') return 'already_reported';
  if (TERMINAL.includes(from)) return 'terminal';
  const someoneMay = EXPECTED[action].some((entry) => entry.from.includes(from));
  return someoneMay ? 'not_allowed_for_group' : 'invalid_in_status';
}

const FROMS: readonly From[] = ['none', ...INCIDENT_STATUSES];
const triples = FROMS.flatMap((from) =>
  WORKFLOW_ACTIONS.flatMap((action) => GROUPS.map((group) => ({ from, action, group }))),
);

describe('every (status, action, group) triple', () => {
  it('covers the whole cross product of the exported lists', () => {
    expect(triples).toHaveLength(FROMS.length * WORKFLOW_ACTIONS.length * GROUPS.length);
  });

  it.each(triples)('$from · $action · $group', ({ from, action, group }) => {
    const before = from === 'none' ? null : stateFor(from, action);
    const now = T0 + 60 * 60_000;
    const result = transition(before, sampleAction(action, group), actorOf(group), now, context);
    const allowed = EXPECTED[action].find(
      (entry) => entry.from.includes(from) && entry.by.includes(group),
    );

    if (allowed) {
      if (!result.ok) expect.fail(`refused: ${result.refusal.reason}`);
      const to = allowed.to === 'same' ? from : allowed.to;
      expect(result.next.status).toBe(to);
      expect(result.effects.map(signature)).toEqual([
        `record:${action}`,
        ...allowed.effects(group, from),
      ]);
      return;
    }

    if (result.ok) expect.fail(`accepted, leading to ${result.next.status}`);
    expect(result.refusal.code).toBe(expectedRefusal(from, action));
    expect(result.refusal.reason).toContain(action);
    if (from !== 'none' && action !== 'report') expect(result.refusal.reason).toContain(from);
    if (result.refusal.code === 'not_allowed_for_group') {
      const permitted = EXPECTED[action]
        .filter((entry) => entry.from.includes(from))
        .flatMap((entry) => entry.by);
      for (const g of permitted) expect(result.refusal.reason).toContain(g);
    }
  });
});
