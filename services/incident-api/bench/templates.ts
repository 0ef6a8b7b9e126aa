/**
 * Template incidents, walked through the real API (in process, on an injected clock) to each
 * state of the workflow, so that the bulk-loaded rows copy what the service itself writes: its
 * columns, its workflow state and its SLA clock history. The load shifts them in time.
 */
import type { FastifyInstance } from 'fastify';

/** People of the seeded roster, one per group the walks need. */
export const ACTORS = {
  desk: 'su-shengchun',
  system: 'liu-xiaowei',
  vendor: 'liu-wei',
} as const;

const MINUTE = 60_000;

/** Report contents giving P1…P4 under the plan's matrix (impact from the symptom × scope). */
export const PRIORITY_VARIANTS = [
  { priority: 'P1', symptom: 'unusable', impact: 'high', scope: 'all' },
  { priority: 'P2', symptom: 'data_wrong', impact: 'high', scope: 'some' },
  { priority: 'P3', symptom: 'slow', impact: 'medium', scope: 'some' },
  { priority: 'P4', symptom: 'other', impact: 'low', scope: 'one' },
] as const;
export type PriorityVariant = (typeof PRIORITY_VARIANTS)[number];

interface Step {
  /** Minutes after the call. */
  at: number;
  as: keyof typeof ACTORS;
  action: Record<string, unknown>;
}

const escalate = (v: PriorityVariant): Step => ({
  at: 15,
  as: 'desk',
  action: {
    type: 'escalate_to_system',
    impact: v.impact,
    scope: v.scope,
    impactStatement: '部分供应商无法提交报价，影响本轮招标。',
  },
});
const acknowledge: Step = { at: 5, as: 'desk', action: { type: 'acknowledge' } };
const toVendor: Step[] = [
  { at: 30, as: 'system', action: { type: 'hand_to_vendor', note: '交汇通登记处理' } },
  { at: 45, as: 'vendor', action: { type: 'register', vendorReference: 'HT-BENCH' } },
];
const rootCause: Step[] = [
  { at: 90, as: 'vendor', action: { type: 'record_reproduction', note: '测试环境重现' } },
  {
    at: 150,
    as: 'vendor',
    action: {
      type: 'record_root_cause',
      rootCause: '金额字段精度转换错误',
      needsProductionSql: false,
      networkMatter: false,
    },
  },
];
const delivery: Step[] = [
  { at: 200, as: 'vendor', action: { type: 'record_fix', note: '修复精度转换' } },
  { at: 230, as: 'vendor', action: { type: 'record_verification', note: '测试通过' } },
  { at: 240, as: 'vendor', action: { type: 'deliver_for_final_test', note: '请验证报价金额' } },
];
const confirmation: Step = {
  at: 300,
  as: 'desk',
  action: { type: 'confirm_fix', note: '地区电话确认已正常' },
};
const closure: Step = {
  at: 310,
  as: 'desk',
  action: { type: 'verify_and_close', resolution: 'fixed' },
};

/** Every state the bulk load draws from, with the walk that reaches it. */
export const TEMPLATE_STATES = {
  reported: { open: true, operationQuestion: false, steps: () => [] },
  triage: { open: true, operationQuestion: false, steps: () => [acknowledge] },
  with_system: {
    open: true,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [acknowledge, escalate(v)],
  },
  onsite: {
    open: true,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [
      acknowledge,
      escalate(v),
      {
        at: 30,
        as: 'system',
        action: { type: 'start_onsite_handling', note: '阻断性问题，现场处理' },
      },
    ],
  },
  vendor_registered: {
    open: true,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [acknowledge, escalate(v), ...toVendor],
  },
  vendor_root_caused: {
    open: true,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [acknowledge, escalate(v), ...toVendor, ...rootCause],
  },
  final_test: {
    open: true,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [
      acknowledge,
      escalate(v),
      ...toVendor,
      ...rootCause,
      ...delivery,
    ],
  },
  resolved: {
    open: true,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [
      acknowledge,
      escalate(v),
      ...toVendor,
      ...rootCause,
      ...delivery,
      confirmation,
    ],
  },
  closed: {
    open: false,
    operationQuestion: false,
    steps: (v: PriorityVariant) => [
      acknowledge,
      escalate(v),
      ...toVendor,
      ...rootCause,
      ...delivery,
      confirmation,
      closure,
    ],
  },
  guided_closed: {
    open: false,
    operationQuestion: true,
    steps: () => [
      {
        at: 10,
        as: 'desk',
        action: { type: 'guide_and_close', guidance: '已电话指导用户重新提交报价' },
      },
    ],
  },
  cancelled: {
    open: false,
    operationQuestion: false,
    steps: () => [
      acknowledge,
      { at: 20, as: 'desk', action: { type: 'cancel', reason: 'withdrawn', note: '用户撤回' } },
    ],
  },
} satisfies Record<
  string,
  { open: boolean; operationQuestion: boolean; steps: (v: PriorityVariant) => Step[] }
>;
export type TemplateState = keyof typeof TEMPLATE_STATES;

export interface Template {
  id: number;
  state: TemplateState;
  priority: PriorityVariant['priority'];
  open: boolean;
  reportedAt: number;
  /** When its last action was taken (the row's `updated_at`). */
  lastActionAt: number;
}

/** The service's clock, set by the walks. */
export class WalkClock {
  current = Date.now();
  now = () => new Date(this.current);
}

/** Request headers that authenticate as each person of `ACTORS`. */
export type Credentials = Record<keyof typeof ACTORS, Record<string, string>>;

async function call(
  app: FastifyInstance,
  headers: Record<string, string>,
  url: string,
  payload: Record<string, unknown>,
) {
  const res = await app.inject({ method: 'POST', url, headers, payload });
  if (res.statusCode >= 300) {
    throw new Error(
      `template walk: POST ${url} ${String(payload.type)} → ${res.statusCode} ${res.body}`,
    );
  }
  return res.json() as { id: number; status: string; priority: string };
}

/**
 * Walks one template per (state, priority): open states from `openAt`, closed ones from
 * `closedAt` (so that each gets the grade and calendar in force then).
 */
export async function walkTemplates(
  app: FastifyInstance,
  clock: WalkClock,
  base: { openAt: number; closedAt: number },
  credentials: Credentials,
): Promise<Template[]> {
  const templates: Template[] = [];
  for (const [state, spec] of Object.entries(TEMPLATE_STATES) as [
    TemplateState,
    (typeof TEMPLATE_STATES)[TemplateState],
  ][]) {
    for (const variant of PRIORITY_VARIANTS) {
      const t0 = spec.open ? base.openAt : base.closedAt;
      clock.current = t0;
      const created = await call(app, credentials.desk, '/api/v1/incidents', {
        channel: spec.operationQuestion ? 'hotline_operation' : 'hotline_fault',
        kind: spec.operationQuestion ? 'operation_question' : 'system_fault',
        category: 'system_defect',
        title: '投标报价保存后金额显示为0',
        description: '供应商提交报价后，列表中金额显示为0。',
        symptom: variant.symptom,
        scope: variant.scope,
        reporter: { organisation: '华南区-广东', name: '张三', phone: '020-12345678' },
        reportedAt: new Date(t0).toISOString(),
      });
      let last = t0;
      for (const step of spec.steps(variant)) {
        last = t0 + step.at * MINUTE;
        clock.current = last;
        await call(
          app,
          credentials[step.as],
          `/api/v1/incidents/${created.id}/actions`,
          step.action,
        );
      }
      const expected = state === 'guided_closed' ? 'closed' : state;
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/incidents/${created.id}`,
        headers: credentials.desk,
      });
      const detail = res.json() as { status: string; priority: string };
      if (detail.status !== expected || detail.priority !== variant.priority) {
        throw new Error(
          `template ${state}/${variant.priority}: got ${detail.status}/${detail.priority}`,
        );
      }
      templates.push({
        id: created.id,
        state,
        priority: variant.priority,
        open: spec.open,
        reportedAt: t0,
        lastActionAt: last,
      });
    }
  }
  return templates;
}
