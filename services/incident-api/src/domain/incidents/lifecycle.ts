/**
 * Reporting and acting on incidents: the policy state machine decides, this module executes its
 * effects. Each call is one transaction: the incident row, its timeline, its change tasks and
 * the audit entry are written together or not at all.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import {
  impactOfSymptom,
  resolutionTargetMs,
  transition,
  type Actor as PolicyActor,
  type ClockEvent,
  type IncidentState,
  type Refusal,
  type WorkflowAction,
  type WorkflowEffect,
  type WorkingCalendar,
} from '@ovms/policy';
import type { DbOrTx, Tx } from '../../db/client.js';
import { changeTasks, incidentEvents, incidents } from '../../db/schema.js';
import { Problem, notFound } from '../../lib/problem.js';
import { recordAudit, type AuditContext } from '../audit.js';
import type { CalendarCache } from '../reference/calendars.js';
import { canSee, type Viewer } from '../identity/visibility.js';
import { computeSla } from './sla-view.js';
import {
  ReferenceCache,
  policyVersion,
  readSystemReference,
  reportInputsAt,
  workflowContextOf,
  type PolicyTables,
  type SystemReference,
} from './policy-inputs.js';
import { reportColumns, writeReportRows } from './report-write.js';
import { CredentialChanged, type CredentialCheck } from '../identity/credential-check.js';
import type { ReportInput } from './types.js';
// SLA runner (roadmap step 4): next_notice_at and the event bus, kept by every change.
import { nextNoticeAt, scheduleNextNotice } from '../../notices/next-notice.js';
import { incidentChanged, publish } from '../../events/bus.js';
import { publishCommitted } from '../../events/after-commit.js';

type IncidentRow = typeof incidents.$inferSelect;
type IncidentInsert = typeof incidents.$inferInsert;
type TimelineRow = typeof incidentEvents.$inferSelect;
type ChangeTaskRow = typeof changeTasks.$inferSelect;

export interface ActingContext {
  actor: PolicyActor;
  audit: AuditContext;
  now: Date;
  calendars: CalendarCache;
  /** The process's reference facts by system (reports); without it each report reads them. */
  reference?: ReferenceCache | undefined;
  /** The credential to re-check in the write, when the actor was not read for this request. */
  credentialCheck?: CredentialCheck | undefined;
}

/** 409 with the state machine's reason: the action is not possible now, or not for this actor. */
export const refused = (refusal: Refusal) =>
  new Problem(409, 'action-refused', 'Action refused', refusal.reason, { code: refusal.code });

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The mutable draft of an incident while the effects of one action are applied. */
interface Draft {
  row: Omit<IncidentInsert, 'id'>;
  clock: ClockEvent[];
  timeline: { at: Date; type: string; data: Record<string, unknown> }[];
}

async function loadTarget(tx: Tx, tables: PolicyTables, draft: Draft, calendars: CalendarCache) {
  const calendar = await calendars.one(tx, draft.row.calendarId);
  if (!calendar) throw new Error(`calendar ${draft.row.calendarId} vanished`);
  return { calendar, targetOf: targetFunction(tables, draft, calendar) };
}

const targetFunction =
  (tables: PolicyTables, draft: Draft, calendar: WorkingCalendar) =>
  (priority: IncidentRow['priority']) =>
    resolutionTargetMs(
      tables.resolutionTargets,
      draft.row.effectiveGrade as never,
      priority as never,
      calendar.nominalDayMs,
    );

/** Lets a group see the incident from now on (the vendor once handed it, devops once involved). */
function involve(draft: Draft, group: 'vendor' | 'devops') {
  const visible = draft.row.visibleTo ?? [];
  if (!visible.includes(group)) draft.row.visibleTo = [...visible, group];
}

/** The clock has started and not stopped: it still takes hand-offs and target changes. */
const clockRuns = (draft: Draft) => draft.clock.length > 0 && draft.row.clockState !== 'stopped';

/** Executes the state machine's effects on the draft. */
function applyEffects(
  draft: Draft,
  effects: readonly WorkflowEffect[],
  targetOf: (priority: IncidentRow['priority']) => number,
  currentTarget: () => number,
) {
  for (const effect of effects) {
    switch (effect.type) {
      case 'record':
        if (
          effect.event === 'request_change' ||
          effect.event === 'start_onsite_handling' ||
          (effect.event === 'report' && effect.as === 'devops')
        ) {
          involve(draft, 'devops');
        }
        draft.timeline.push({
          at: new Date(effect.at),
          type: effect.event,
          data: {
            ...effect.data,
            from: effect.from,
            to: effect.to,
            as: effect.as,
            ...(effect.onBehalfOfReporter ? { onBehalfOfReporter: true } : {}),
          },
        });
        break;
      case 'acknowledge':
        draft.row.acknowledgedAt ??= new Date(effect.at);
        break;
      case 'set_priority': {
        const before = currentTarget();
        draft.row.priority = effect.priority;
        draft.row.impact = effect.impact;
        draft.row.scope = effect.scope;
        const target = targetOf(effect.priority);
        if (clockRuns(draft) && target !== before) {
          draft.clock.push({ at: effect.at, type: 'target_changed', targetMs: target });
        }
        draft.timeline.push({
          at: new Date(effect.at),
          type: 'priority_set',
          data: {
            priority: effect.priority,
            impact: effect.impact,
            scope: effect.scope,
            reason: effect.reason,
            targetMinutes: target / 60_000,
          },
        });
        break;
      }
      case 'hand_off':
        draft.row.holderGroup = effect.to ?? 'none';
        if (effect.to === 'vendor') involve(draft, 'vendor');
        if (clockRuns(draft)) {
          draft.clock.push({ at: effect.at, type: 'held_by', group: effect.to ?? 'none' });
        }
        draft.timeline.push({
          at: new Date(effect.at),
          type: 'handed_off',
          data: { from: effect.from, to: effect.to },
        });
        break;
      case 'clock': {
        const type = (
          { start: 'started', pause: 'paused', resume: 'resumed', stop: 'stopped' } as const
        )[effect.op];
        if (type === 'started') {
          draft.clock.unshift({ at: effect.at, type });
          draft.clock.push({ at: effect.at, type: 'held_by', group: draft.row.holderGroup });
        } else {
          draft.clock.push({ at: effect.at, type });
        }
        draft.row.clockState =
          type === 'paused' ? 'paused' : type === 'stopped' ? 'stopped' : 'running';
        draft.timeline.push({ at: new Date(effect.at), type: `clock_${type}`, data: {} });
        break;
      }
      case 'notify':
        // Delivery of notices arrives with the SLA runner and outbox (roadmap step 4).
        break;
    }
  }
}

/** Re-derives the stored SLA columns (due time, breach) from the clock after a change. */
function settleClock(
  draft: Draft,
  calendar: Parameters<typeof computeSla>[0],
  initialTargetMs: number,
  now: Date,
) {
  const sla = computeSla(calendar, initialTargetMs, draft.clock, now);
  draft.row.dueAt = sla.paused || sla.stopped ? null : new Date(sla.dueAt);
  if (sla.breached && !draft.row.breachedAt && sla.breachedAt !== undefined) {
    draft.row.breachedAt = new Date(sla.breachedAt);
  }
}

function stateOf(row: IncidentRow): IncidentState {
  return row.workflow;
}

function withState(draft: Draft, state: IncidentState, now: Date) {
  draft.row.workflow = state;
  draft.row.status = state.status;
  draft.row.kind = state.kind;
  if (state.status === 'resolved') draft.row.resolvedAt ??= now;
  if (state.status === 'closed' || state.status === 'cancelled') {
    draft.row.closedAt ??= now;
    draft.row.resolutionCode = state.resolution ?? (state.cancellation ? 'cancelled' : null);
  }
  if (state.impactStatement) draft.row.impactStatement = state.impactStatement;
}

async function writeTimeline(tx: Tx, incidentId: number, draft: Draft, actor: PolicyActor) {
  if (draft.timeline.length === 0) return;
  await tx.insert(incidentEvents).values(
    draft.timeline.map((e) => ({
      incidentId,
      at: e.at,
      type: e.type,
      actorId: actor.id,
      actorGroups: [...actor.groups],
      data: e.data,
    })),
  );
}

/** A new incident as written: its row, its timeline, and the calendar its clock counts in. */
export interface ReportedIncident {
  row: IncidentRow;
  timeline: TimelineRow[];
  calendar: WorkingCalendar;
}

/** Reports an incident; returns its id. */
export async function reportIncident(
  tx: Tx,
  input: ReportInput,
  ctx: ActingContext,
): Promise<number> {
  return (await recordReport(tx, input, ctx)).row.id;
}

/** Attempts at a report whose reference facts keep changing under it (each a fresh read). */
const REFERENCE_ATTEMPTS = 3;

/**
 * Reports an incident and returns it as written. One statement when the system's reference
 * facts are cached (ctx.reference): it writes the incident, its timeline and its audit entry —
 * atomic on its own, so `db` may be the database itself or a transaction — only if the facts'
 * stamp still matches the rows (and, with ctx.credentialCheck, the credential is still good).
 * On a stamp miss the facts are read again and the report derived again.
 */
export async function recordReport(
  db: DbOrTx,
  input: ReportInput,
  ctx: ActingContext,
): Promise<ReportedIncident> {
  const cache = ctx.reference ?? new ReferenceCache();
  for (let attempt = 1; ; attempt++) {
    let reference = cache.get(input.systemId);
    if (!reference) {
      reference = await readSystemReference(db, input.systemId);
      if (!reference) {
        throw new Problem(
          422,
          'unknown-reference',
          'Unknown reference',
          `System ${input.systemId} does not exist.`,
          { errors: [{ pointer: '/body/systemId', detail: `no system ${input.systemId}` }] },
        );
      }
      cache.set(reference);
    }
    const { draft, calendar, audited } = await deriveReport(db, input, ctx, reference);
    const written = await writeReport(db, draft, ctx, audited, reference);
    if (written.credentialChanged) throw new CredentialChanged();
    if (written.reported) return { ...written.reported, calendar };
    cache.forget(input.systemId);
    if (attempt >= REFERENCE_ATTEMPTS) {
      throw new Error(`the reference data of system ${input.systemId} kept changing`);
    }
  }
}

/** The new incident as the policy derives it from the report and the reference facts. */
async function deriveReport(
  db: DbOrTx,
  input: ReportInput,
  ctx: ActingContext,
  reference: SystemReference,
) {
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : ctx.now;
  const inputs = reportInputsAt(reference, reportedAt);
  const { tables } = inputs;
  const impact = impactOfSymptom(input.symptom, tables.symptomImpact);
  const reporterOrganisation = input.reporter.organisation;
  const result = transition(
    null,
    {
      type: 'report',
      channel: input.channel,
      kind: input.kind,
      impact,
      scope: input.scope,
      reportedAt: reportedAt.getTime(),
      reporterOrganisation,
    },
    ctx.actor,
    ctx.now.getTime(),
    workflowContextOf(tables),
  );
  if (!result.ok) throw refused(result.refusal);

  const draft: Draft = {
    row: {
      status: result.next.status,
      holderGroup: 'desk',
      kind: input.kind,
      channel: input.channel,
      category: input.category,
      systemId: input.systemId,
      campaignId: inputs.campaignId,
      title: input.title,
      description: input.description,
      symptom: input.symptom,
      impact,
      scope: input.scope,
      priority: result.next.priority,
      effectiveGrade: inputs.grade,
      policyVersionId: tables.id,
      calendarId: inputs.calendarId,
      reporterOrganisation,
      reporterName: input.reporter.name,
      reporterPhone: input.reporter.phone ?? null,
      reportedById: ctx.actor.id,
      externalRef: input.externalRef ?? null,
      reportedAt,
      targetMs: 0,
      clockState: 'running',
      workflow: result.next,
      clockEvents: [],
    },
    clock: [],
    timeline: [],
  };
  const calendar = await ctx.calendars.atRevision(db, inputs.calendarId, inputs.calendarRevision);
  if (!calendar) throw new Error(`calendar ${inputs.calendarId} vanished`);
  const targetOf = targetFunction(tables, draft, calendar);
  draft.row.targetMs = targetOf(result.next.priority);
  applyEffects(draft, result.effects, targetOf, () => draft.row.targetMs);
  withState(draft, result.next, ctx.now);
  settleClock(draft, calendar, draft.row.targetMs, ctx.now);
  draft.row.clockEvents = draft.clock;
  const audited: JsonRow = {};
  for (const [key, value] of Object.entries(draft.row)) {
    if (key !== 'workflow' && key !== 'clockEvents' && value !== undefined) {
      audited[key] = jsonValue(value);
    }
  }
  // A new incident has sent no notice: its first one is known without asking the database.
  draft.row.nextNoticeAt = nextNoticeAt(draft.row, tables, calendar, [], ctx.now);
  return { draft, calendar, audited };
}

/**
 * Writes the report (report-write.ts). Given the database itself, the event
 * follows once the report has committed (events/after-commit.ts): PostgreSQL serialises the
 * commits of transactions that NOTIFY (a database-wide lock from the notify until after the
 * commit's WAL flush), so notifying in the report's own commit would queue every report behind
 * the one before. The event is a hint for live views (events/bus.ts); it still never announces a
 * rolled-back change.
 */
async function writeReport(
  db: DbOrTx,
  draft: Draft,
  ctx: ActingContext,
  audited: unknown,
  reference: SystemReference,
): Promise<{
  reported?: Omit<ReportedIncident, 'calendar'>;
  credentialChanged?: boolean;
}> {
  const inTransaction = is(db, PgTransaction);
  const event = incidentChanged(0, draft.row, 'incident.report');
  // The incident's columns by name for the statement, and by key as the answer returns them.
  const row: JsonRow = {};
  const asWritten: JsonRow = {};
  for (const c of reportColumns) {
    const value = draft.row[c.key as keyof typeof draft.row] ?? (c.hasDefault ? [] : null);
    asWritten[c.key] = value;
    row[c.name] = jsonValue(value);
  }
  const timeline = draft.timeline.map((e, n) => ({
    n,
    at: e.at.toISOString(),
    type: e.type,
    data: e.data,
  }));
  const [rowJson, timelineJson] = [JSON.stringify(row), JSON.stringify(timeline)];
  const written = await writeReportRows(db, {
    systemId: draft.row.systemId,
    referenceStamp: reference.stamp,
    incident: rowJson,
    timeline: timelineJson,
    actorId: ctx.actor.id,
    actorGroups: ctx.actor.groups,
    auditActorId: ctx.audit.actorId,
    auditCredential: ctx.audit.credential,
    audited: JSON.stringify(audited),
    requestId: ctx.audit.requestId,
    credentialCheck: ctx.credentialCheck,
    now: ctx.now,
  });
  if (!written.credential_ok) return { credentialChanged: true };
  if (!written.reference_ok || !written.incident) return {};
  // The rows as written: the draft's values, which the statement took as they are, and the
  // columns the database chose. Neither is read back: that cost as much as writing the
  // timeline, and a JSON round trip of the draft was a tenth of the process's work per report.
  const [id, version, createdAt, updatedAt] = written.incident;
  const incident = {
    ...asWritten,
    id,
    version,
    createdAt: incidents.createdAt.mapFromDriverValue(createdAt),
    updatedAt: incidents.updatedAt.mapFromDriverValue(updatedAt),
  } as IncidentRow;
  const actorGroups = [...ctx.actor.groups];
  // In a transaction the event commits with it; otherwise the answer does not wait for it: it
  // leaves with others (events/after-commit.ts).
  if (inTransaction) await publish(db, { ...event, incidentId: incident.id });
  else void publishCommitted(db, { ...event, incidentId: incident.id });
  return {
    reported: {
      row: incident,
      timeline: written.events.map((eventId, n): TimelineRow => ({
        id: eventId,
        incidentId: id,
        at: draft.timeline[n]!.at,
        type: draft.timeline[n]!.type,
        actorId: ctx.actor.id,
        actorGroups,
        data: draft.timeline[n]!.data,
      })),
    },
  };
}

type JsonRow = Record<string, unknown>;

/**
 * A value as JSON will write it, dates as ISO strings already: JSON.stringify calls a Date's
 * toJSON off its fast path, ~1.7 us a date on the bench machine, a dozen dates per report.
 */
const jsonValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** The incident row, locked for the rest of the transaction. */
async function lockIncident(tx: Tx, id: number): Promise<IncidentRow> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  if (!row) throw notFound('Incident', id);
  return row;
}

export interface ActOptions {
  /** The version the client last saw (If-Match); a stale one is refused with 412. */
  expectedVersion?: number | undefined;
  /** Whose object rules apply: an incident the viewer may not see is not found. */
  viewer?: Viewer;
}

/** What an action wrote, for its caller to answer with what this action did. */
export interface ActOutcome {
  /** The incident's version after the action. */
  version: number;
  /** The change tasks the action created or moved, as written (not read back afterwards, when
   * a concurrent action may already have moved them on). */
  changeTasks: ChangeTaskRow[];
}

/** Applies one workflow action (other than `report`) to an incident. */
export async function actOnIncident(
  tx: Tx,
  id: number,
  action: Exclude<WorkflowAction, { type: 'report' }>,
  ctx: ActingContext,
  options: ActOptions = {},
): Promise<ActOutcome> {
  const row = await lockIncident(tx, id);
  if (options.viewer && !canSee(options.viewer, row)) throw notFound('Incident', id);
  if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
    throw new Problem(
      412,
      'stale',
      'Precondition failed',
      `Incident ${id} changed since you read it (your version ${options.expectedVersion}, now ${row.version}). Reload and try again.`,
    );
  }
  const tables = await policyVersion(tx, row.policyVersionId);
  const result = transition(
    stateOf(row),
    action,
    ctx.actor,
    ctx.now.getTime(),
    workflowContextOf(tables),
  );
  if (!result.ok) throw refused(result.refusal);

  const { id: _id, ...rest } = row;
  const draft: Draft = {
    row: { ...rest },
    clock: [...row.clockEvents],
    timeline: [],
  };
  const { calendar, targetOf } = await loadTarget(tx, tables, draft, ctx.calendars);
  let currentTarget = row.targetMs;
  for (const e of draft.clock) if (e.type === 'target_changed') currentTarget = e.targetMs;
  applyEffects(draft, result.effects, targetOf, () => currentTarget);
  withState(draft, result.next, ctx.now);
  settleClock(draft, calendar, row.targetMs, ctx.now);
  draft.row.clockEvents = draft.clock;
  draft.row.version = row.version + 1;
  draft.row.updatedAt = ctx.now;

  await tx.update(incidents).set(draft.row).where(eq(incidents.id, id));
  await writeTimeline(tx, id, draft, ctx.actor);
  const tasks = await applyChangeTaskRecords(tx, id, result.effects, ctx);
  await scheduleNextNotice(tx, id, draft.row, tables, calendar, ctx.now);
  await publish(tx, incidentChanged(id, draft.row, `incident.${action.type}`));
  await recordAudit(tx, ctx.audit, {
    action: `incident.${action.type}`,
    entity: 'incident',
    entityId: id,
    before: {
      status: row.status,
      priority: row.priority,
      holder: row.holderGroup,
      version: row.version,
    },
    after: {
      status: draft.row.status,
      priority: draft.row.priority,
      holder: draft.row.holderGroup,
      version: draft.row.version,
      action,
    },
  });
  return { version: draft.row.version, changeTasks: tasks };
}

/**
 * Keeps the full change-task records (script text, checksum, result, output) in step; answers
 * the records it wrote.
 */
async function applyChangeTaskRecords(
  tx: Tx,
  incidentId: number,
  effects: readonly WorkflowEffect[],
  ctx: ActingContext,
): Promise<ChangeTaskRow[]> {
  const written: ChangeTaskRow[] = [];
  for (const effect of effects) {
    if (effect.type !== 'record') continue;
    const data = effect.data as Record<string, unknown>;
    const number = data.task as number | undefined;
    const at = new Date(effect.at);
    const update = (set: Partial<ChangeTaskRow>, numbers = [number ?? -1]) =>
      tx
        .update(changeTasks)
        .set(set)
        .where(and(eq(changeTasks.incidentId, incidentId), inArray(changeTasks.number, numbers)))
        .returning();
    switch (effect.event) {
      case 'request_change': {
        const script = data.script as string | undefined;
        const values = {
          incidentId,
          number: number!,
          kind: data.kind as string,
          status: 'requested',
          summary: (data.note as string | undefined) ?? '',
          packageRef: (data.packageRef as string | undefined) ?? null,
          sqlText: script ?? null,
          sqlChecksum: script === undefined ? null : sha256(script),
          requestedById: ctx.actor.id,
          requestedAt: at,
        };
        written.push(...(await tx.insert(changeTasks).values(values).returning()));
        break;
      }
      case 'approve_change':
      case 'reject_change':
        written.push(
          ...(await update({
            status: effect.event === 'approve_change' ? 'approved' : 'rejected',
            decidedById: ctx.actor.id,
            decidedAt: at,
            note: (data.note as string | undefined) ?? (data.reason as string | undefined) ?? null,
          })),
        );
        break;
      case 'execute_change':
        written.push(
          ...(await update({
            status: data.result === 'succeeded' ? 'executed' : 'failed',
            executedById: ctx.actor.id,
            executedAt: at,
            result: data.result as string,
            output: data.output as string,
          })),
        );
        break;
      case 'verify_change':
        written.push(
          ...(await update({ status: 'verified', verifiedById: ctx.actor.id, verifiedAt: at })),
        );
        break;
      case 'cancel': {
        // Devops must not run a change for an incident that no longer exists.
        const cancelled = (data.cancelledChangeTasks as number[] | undefined) ?? [];
        if (cancelled.length > 0) {
          written.push(
            ...(await update({ status: 'cancelled', note: 'incident cancelled' }, cancelled)),
          );
        }
        break;
      }
    }
  }
  return written;
}

/** A comment or work-log entry: no state change, but the version moves on and live views hear of it. */
export async function commentOnIncident(
  tx: Tx,
  id: number,
  text: string,
  ctx: ActingContext,
  options: Pick<ActOptions, 'viewer'> = {},
): Promise<TimelineRow> {
  const row = await lockIncident(tx, id);
  if (options.viewer && !canSee(options.viewer, row)) throw notFound('Incident', id);
  const [event] = await tx
    .insert(incidentEvents)
    .values({
      incidentId: id,
      at: ctx.now,
      type: 'comment',
      actorId: ctx.actor.id,
      actorGroups: [...ctx.actor.groups],
      data: { text },
    })
    .returning();
  const version = row.version + 1;
  await tx.update(incidents).set({ version, updatedAt: ctx.now }).where(eq(incidents.id, id));
  // Open views of the incident show the work log as it is written.
  await publish(tx, incidentChanged(id, { ...row, version }, 'incident.comment'));
  await recordAudit(tx, ctx.audit, {
    action: 'incident.comment',
    entity: 'incident',
    entityId: id,
    after: { text },
  });
  return event!;
}
