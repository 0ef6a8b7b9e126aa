/**
 * The small form each workflow action needs, and the request body built from it. The body is
 * built per action type against the generated schema, so a renamed field breaks the build.
 */
import type { ActionType, Incident, IncidentAction } from '../api/client';
import { IMPACTS, SCOPES } from './model';

export type FieldName =
  | 'note'
  | 'guidance'
  | 'impact'
  | 'scope'
  | 'impactStatement'
  | 'reason'
  | 'rootCause'
  | 'needsProductionSql'
  | 'networkMatter'
  | 'vendorReference'
  | 'resolution'
  | 'cancelReason'
  | 'duplicateOf'
  | 'decision'
  | 'kind'
  | 'packageRef'
  | 'script'
  | 'result'
  | 'output';

export interface FieldSpec {
  name: FieldName;
  control: 'text' | 'textarea' | 'select' | 'switch';
  required: boolean;
  /** For selects: the values, each shown through `${optionsKey}.${value}`. */
  options?: readonly string[];
  optionsKey?: string;
}

export type FormValues = Partial<Record<FieldName, string | boolean>>;

const note = (required: boolean): FieldSpec => ({ name: 'note', control: 'textarea', required });
const select = (name: FieldName, options: readonly string[], optionsKey: string): FieldSpec => ({
  name,
  control: 'select',
  required: true,
  options,
  optionsKey,
});

export const RESOLUTIONS = ['fixed', 'workaround', 'operation_guidance', 'no_fault_found'] as const;

const FIELDS: Record<ActionType, readonly FieldSpec[]> = {
  report: [],
  acknowledge: [],
  guide_and_close: [{ name: 'guidance', control: 'textarea', required: true }],
  escalate_to_system: [
    select('impact', IMPACTS, 'impact'),
    select('scope', SCOPES, 'scope'),
    { name: 'impactStatement', control: 'textarea', required: true },
  ],
  start_onsite_handling: [note(true)],
  hand_to_vendor: [note(false)],
  register: [{ name: 'vendorReference', control: 'text', required: false }],
  record_reproduction: [note(true)],
  record_root_cause: [
    { name: 'rootCause', control: 'textarea', required: true },
    { name: 'needsProductionSql', control: 'switch', required: false },
    { name: 'networkMatter', control: 'switch', required: false },
  ],
  record_fix: [note(true)],
  record_verification: [note(true)],
  deliver_for_final_test: [note(true)],
  confirm_fix: [note(false)],
  reject_fix: [note(true)],
  verify_and_close: [select('resolution', RESOLUTIONS, 'resolution'), note(false)],
  reassess: [
    select('impact', IMPACTS, 'impact'),
    select('scope', SCOPES, 'scope'),
    { name: 'reason', control: 'textarea', required: true },
  ],
  cancel: [
    select('cancelReason', ['duplicate', 'withdrawn'], 'cancelReason'),
    { name: 'duplicateOf', control: 'text', required: false },
    note(false),
  ],
  record_fallback_decision: [
    select('decision', ['offline_bidding', 'rerun_online_after_recovery'], 'decision'),
    { name: 'reason', control: 'textarea', required: true },
  ],
  request_change: [
    select('kind', ['release', 'emergency_release', 'sql_script'], 'changeKind'),
    { name: 'packageRef', control: 'text', required: false },
    { name: 'script', control: 'textarea', required: false },
    note(false),
  ],
  approve_change: [note(false)],
  reject_change: [{ name: 'reason', control: 'textarea', required: true }],
  execute_change: [
    select('result', ['succeeded', 'failed'], 'changeResult'),
    { name: 'output', control: 'textarea', required: false },
  ],
  verify_change: [note(false)],
};

export function fieldsOf(type: ActionType): readonly FieldSpec[] {
  return FIELDS[type];
}

/** Initial values: the incident's current impact and scope where the form asks again. */
export function initialValues(
  type: ActionType,
  incident?: Pick<Incident, 'impact' | 'scope'>,
): FormValues {
  const values: FormValues = {};
  for (const field of FIELDS[type]) {
    if (field.name === 'impact' && incident) values.impact = incident.impact;
    else if (field.name === 'scope' && incident) values.scope = incident.scope;
    else if (field.control === 'switch') values[field.name] = false;
    else values[field.name] = '';
  }
  return values;
}

/** The required fields left empty. */
export function missingFields(type: ActionType, values: FormValues): FieldName[] {
  return FIELDS[type]
    .filter((field) => field.required && field.control !== 'switch')
    .filter((field) => !text(values[field.name]))
    .map((field) => field.name);
}

function text(value: string | boolean | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function oneOf<T extends string>(
  value: string | boolean | undefined,
  options: readonly T[],
  fallback: T,
): T {
  return options.find((option) => option === value) ?? fallback;
}

function optional<K extends string>(
  key: K,
  value: string | boolean | undefined,
): Partial<Record<K, string>> {
  const v = text(value);
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}

/**
 * The request body of an action (POST /incidents/{id}/actions); empty optional fields left out.
 * `task` is the change task's number for the change actions.
 * @example buildAction('reject_fix', { note: '仍然报错' }) // → { type: 'reject_fix', note: '仍然报错' }
 */
export function buildAction(type: ActionType, values: FormValues, task?: number): IncidentAction {
  const taskNumber = task ?? 0;
  switch (type) {
    case 'report':
    case 'acknowledge':
      return { type: 'acknowledge' };
    case 'guide_and_close':
      return { type, guidance: text(values.guidance) ?? '' };
    case 'escalate_to_system':
      return {
        type,
        impact: oneOf(values.impact, IMPACTS, 'medium'),
        scope: oneOf(values.scope, SCOPES, 'some'),
        impactStatement: text(values.impactStatement) ?? '',
      };
    case 'start_onsite_handling':
    case 'record_reproduction':
    case 'record_fix':
    case 'record_verification':
    case 'deliver_for_final_test':
    case 'reject_fix':
      return { type, note: text(values.note) ?? '' };
    case 'hand_to_vendor':
    case 'confirm_fix':
      return { type, ...optional('note', values.note) };
    case 'register':
      return { type, ...optional('vendorReference', values.vendorReference) };
    case 'record_root_cause':
      return {
        type,
        rootCause: text(values.rootCause) ?? '',
        needsProductionSql: values.needsProductionSql === true,
        networkMatter: values.networkMatter === true,
      };
    case 'verify_and_close':
      return {
        type,
        resolution: oneOf(values.resolution, RESOLUTIONS, 'fixed'),
        ...optional('note', values.note),
      };
    case 'reassess':
      return {
        type,
        impact: oneOf(values.impact, IMPACTS, 'medium'),
        scope: oneOf(values.scope, SCOPES, 'some'),
        reason: text(values.reason) ?? '',
      };
    case 'cancel':
      return {
        type,
        reason: oneOf(values.cancelReason, ['duplicate', 'withdrawn'] as const, 'withdrawn'),
        ...optional('duplicateOf', values.duplicateOf),
        ...optional('note', values.note),
      };
    case 'record_fallback_decision':
      return {
        type,
        decision: oneOf(
          values.decision,
          ['offline_bidding', 'rerun_online_after_recovery'] as const,
          'offline_bidding',
        ),
        reason: text(values.reason) ?? '',
      };
    case 'request_change':
      return {
        type,
        kind: oneOf(
          values.kind,
          ['release', 'emergency_release', 'sql_script'] as const,
          'release',
        ),
        ...optional('packageRef', values.packageRef),
        ...optional('script', values.script),
        ...optional('note', values.note),
      };
    case 'approve_change':
    case 'verify_change':
      return { type, task: taskNumber, ...optional('note', values.note) };
    case 'reject_change':
      return { type, task: taskNumber, reason: text(values.reason) ?? '' };
    case 'execute_change':
      return {
        type,
        task: taskNumber,
        result: oneOf(values.result, ['succeeded', 'failed'] as const, 'succeeded'),
        output: typeof values.output === 'string' ? values.output : '',
      };
  }
}
