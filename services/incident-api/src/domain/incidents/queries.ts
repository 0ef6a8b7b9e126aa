/**
 * Reading incidents: the queue (keyset-paginated by due time) and one incident with its
 * timeline. SLA figures are derived on read from each row's clock history and calendar.
 */
import { and, asc, eq, ilike, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { IncidentState, WorkingCalendar } from '@ovms/policy';
import type { DbOrTx } from '../../db/client.js';
import { changeTasks, incidentEvents, incidents } from '../../db/schema.js';
import { arrayParam, builtOnce, epochMs, runPrepared, statementOf } from '../../db/prepared.js';
import { Problem } from '../../lib/problem.js';
import {
  CredentialChanged,
  credentialGuardSql,
  type CredentialCheck,
} from '../identity/credential-check.js';
import { visibleTo, type Viewer } from '../identity/visibility.js';
import type { CalendarCache } from '../reference/calendars.js';
import { toChangeTaskDto } from './change-task-list.js';
import { computeSla, toSlaView } from './sla-view.js';

type IncidentRow = typeof incidents.$inferSelect;

/** Terminal statuses; every other status is in the open queue. */
export const CLOSED_STATUSES = ['closed', 'cancelled'];
/** The closed statuses as an SQL list of constants. */
const CLOSED_LIST = sql.raw(`(${CLOSED_STATUSES.map((s) => `'${s}'`).join(', ')})`);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The leaders' decisions of plan §6 as the API shows them, oldest first. */
export function fallbackDecisionsOf(state: Pick<IncidentState, 'fallbackDecisions'>) {
  return state.fallbackDecisions.map((d) => ({ ...d, at: new Date(d.at).toISOString() }));
}

function latestFallbackDecision(state: Pick<IncidentState, 'fallbackDecisions'>) {
  return fallbackDecisionsOf(state).at(-1) ?? null;
}

/** The API's view of incident rows, SLA included. */
export async function toIncidentDtos(
  db: DbOrTx,
  rows: readonly IncidentRow[],
  calendars: CalendarCache,
  now: Date,
) {
  const compiled = await calendars.get(
    db,
    rows.map((r) => r.calendarId),
  );
  return rows.map((row) => toIncidentDto(row, compiled.get(row.calendarId)!, now));
}

/**
 * What the API's view of an incident reads of its row: every column but the bookkeeping ones,
 * and of the workflow state only what the view shows. A whole row is one; the queue reads just
 * this (see QUEUE_COLUMNS).
 */
export type IncidentViewRow = Omit<
  IncidentRow,
  'workflow' | 'breachedAt' | 'clockState' | 'visibleTo' | 'nextNoticeAt' | 'reportedById'
> & { workflow: Pick<IncidentState, 'rejectionRounds' | 'fallbackDecisions'> };

/** The API's view of an incident row, SLA included, counted in its compiled calendar. */
export function toIncidentDto(row: IncidentViewRow, calendar: WorkingCalendar, now: Date) {
  const sla = toSlaView(computeSla(calendar, row.targetMs, row.clockEvents, now));
  const state = row.workflow;
  return {
    id: row.id,
    version: row.version,
    status: row.status as IncidentState['status'],
    holderGroup: row.holderGroup,
    assigneeId: row.assigneeId,
    kind: row.kind as IncidentState['kind'],
    channel: row.channel as IncidentState['channel'],
    category: row.category as never,
    systemId: row.systemId,
    campaignId: row.campaignId,
    title: row.title,
    description: row.description,
    symptom: row.symptom as never,
    impact: row.impact as IncidentState['impact'],
    scope: row.scope as IncidentState['scope'],
    priority: row.priority as IncidentState['priority'],
    effectiveGrade: row.effectiveGrade as never,
    impactStatement: row.impactStatement,
    policyVersion: row.policyVersionId,
    calendarId: row.calendarId,
    reporter: {
      organisation: row.reporterOrganisation,
      name: row.reporterName,
      phone: row.reporterPhone,
    },
    externalRef: row.externalRef,
    reportedAt: row.reportedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    resolutionCode: row.resolutionCode,
    rejectionRounds: state.rejectionRounds,
    fallbackDecision: latestFallbackDecision(state),
    sla,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface QueueFilter {
  status?: string | string[] | undefined;
  priority?: string | string[] | undefined;
  holder?: string | undefined;
  assignee?: string | undefined;
  campaign?: string | undefined;
  system?: string | undefined;
  category?: string | undefined;
  dueBefore?: string | undefined;
  breached?: 'true' | 'false' | undefined;
  q?: string | undefined;
  /** Whose object rules apply. */
  viewer: Viewer;
  limit: number;
  cursor?: string | undefined;
  /**
   * The viewer is this process's last reading of the credential: the statement re-checks it
   * and the read fails with CredentialChanged if it no longer holds.
   */
  credentialCheck?: CredentialCheck | undefined;
}

/** A filter's values, each once (so that the statement's shapes stay few). */
const list = (v: string | string[] | undefined) =>
  v === undefined ? undefined : [...new Set([v].flat())];

/** The sort key: due time, paused and stopped clocks last; then the id. */
const sortDue = sql`coalesce(${incidents.dueAt}, 'infinity'::timestamptz)`;

interface Cursor {
  due: string | null;
  id: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'number' || (c.due !== null && typeof c.due !== 'string'))
      throw new Error();
    if (c.due !== null && Number.isNaN(Date.parse(c.due))) throw new Error();
    return c;
  } catch {
    throw new Problem(
      400,
      'validation',
      'Invalid request',
      'The cursor is not one this API issued.',
      {
        errors: [{ pointer: '/querystring/cursor', detail: 'not a cursor from nextCursor' }],
      },
    );
  }
}

export async function listQueue(
  db: DbOrTx,
  filter: QueueFilter,
  calendars: CalendarCache,
  now: Date,
) {
  const where: SQL[] = [];
  const statuses = list(filter.status);
  // "Open" is said as the open-queue index's own predicate, in constants, so that any plan of
  // the prepared statement can use that index. A list of values is one array parameter, so that
  // its length makes no new shape of the statement (each shape is prepared per connection).
  where.push(
    statuses
      ? sql`${incidents.status} = any(${arrayParam(statuses)}::text[])`
      : sql`${incidents.status} not in ${CLOSED_LIST}`,
  );
  const priorities = list(filter.priority);
  if (priorities) where.push(sql`${incidents.priority} = any(${arrayParam(priorities)}::text[])`);
  if (filter.holder) where.push(eq(incidents.holderGroup, filter.holder));
  if (filter.assignee) where.push(eq(incidents.assigneeId, filter.assignee));
  if (filter.campaign) where.push(eq(incidents.campaignId, filter.campaign));
  if (filter.system) where.push(eq(incidents.systemId, filter.system));
  if (filter.category) where.push(eq(incidents.category, filter.category));
  const visible = visibleTo(filter.viewer);
  if (visible) where.push(visible);
  if (filter.dueBefore) where.push(lte(incidents.dueAt, new Date(filter.dueBefore)));
  if (filter.breached) {
    const breached = or(
      isNotNull(incidents.breachedAt),
      and(eq(incidents.clockState, 'running'), lte(incidents.dueAt, now)),
    )!;
    where.push(filter.breached === 'true' ? breached : sql`not (${breached})`);
  }
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(incidents.title, pattern),
        ilike(incidents.description, pattern),
        eq(incidents.externalRef, filter.q),
      )!,
    );
  }
  if (filter.cursor) {
    const c = decodeCursor(filter.cursor);
    const due = c.due === null ? sql`'infinity'::timestamptz` : sql`${c.due}::timestamptz`;
    // Spelled out rather than as a row comparison: the planner estimates it far better.
    where.push(sql`${sortDue} >= ${due} and (${sortDue} > ${due} or ${incidents.id} > ${c.id})`);
  }
  const guard = credentialGuardSql(filter.credentialCheck, now);
  if (guard) where.push(guard);
  // Prepared per shape of the filter: a page is planned, not parsed, each time (and PostgreSQL
  // may keep a plan that holds for any values).
  const statement = statementOf(
    'queue',
    sql`select ${QUEUE_COLUMNS} from ${incidents} where ${and(...where)}
      order by ${sortDue}, ${incidents.id} limit ${filter.limit + 1}`,
  );
  const selected = await runPrepared<QueueRow>(db, statement, statement.params);
  // No row: no match, or a credential that no longer holds. Only a fresh reading tells.
  if (guard && selected.length === 0) throw new CredentialChanged();
  const page = selected.slice(0, filter.limit).map(fromQueueRow);
  const last = page[page.length - 1];
  const compiled = new Map<string, WorkingCalendar>();
  for (const [n, row] of page.entries()) {
    if (compiled.has(row.calendarId)) continue;
    const calendar = await calendars.atRevision(db, row.calendarId, selected[n]!.calendarRevision);
    if (!calendar) throw new Error(`calendar ${row.calendarId} vanished`);
    compiled.set(row.calendarId, calendar);
  }
  return {
    items: page.map((row) => toIncidentDto(row, compiled.get(row.calendarId)!, now)),
    nextCursor:
      selected.length > filter.limit && last
        ? encodeCursor({ due: last.dueAt?.toISOString() ?? null, id: last.id })
        : null,
  };
}

/** The view's instants by column: the queue reads them as milliseconds since the epoch. */
const INSTANTS = {
  reportedAt: 'reported_at',
  acknowledgedAt: 'acknowledged_at',
  dueAt: 'due_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;
type Instant = keyof typeof INSTANTS;
const instantKeys = Object.keys(INSTANTS) as Instant[];

/**
 * What a queue row reads: the columns of the incident view only, the workflow state cut down to
 * what the view shows, instants and the target as numbers, and the calendar's revision, so that
 * the compiled calendars come from the cache without a second round trip. Written out and run
 * as it is (no ORM mapping of each of 51 rows × 40 columns, no query built column by column):
 * that was half of the service's work on a queue page (bench/profile.ts, PROFILE=queue).
 */
const QUEUE_COLUMNS = sql.raw(`id, version, status, holder_group as "holderGroup",
  assignee_id as "assigneeId", kind, channel, category, system_id as "systemId",
  campaign_id as "campaignId", title, description, symptom, impact, scope, priority,
  impact_statement as "impactStatement", effective_grade as "effectiveGrade",
  policy_version_id as "policyVersionId", calendar_id as "calendarId",
  reporter_organisation as "reporterOrganisation", reporter_name as "reporterName",
  reporter_phone as "reporterPhone", external_ref as "externalRef", resolution_code as "resolutionCode",
  target_ms::float8 as "targetMs", clock_events as "clockEvents",
  jsonb_build_object('rejectionRounds', workflow->'rejectionRounds',
    'fallbackDecisions', workflow->'fallbackDecisions') as workflow,
  ${Object.entries(INSTANTS)
    .map(([key, column]) => `${epochMs(column)} as "${key}"`)
    .join(', ')},
  (select revision from calendars where calendars.id = incidents.calendar_id) as "calendarRevision"`);

/** A row as QUEUE_COLUMNS reads it. */
type QueueRow = Omit<IncidentViewRow, Instant> & { [K in Instant]: number | null } & {
  calendarRevision: number;
};

/** The view's row from a queue row, in place: its instants as dates. */
function fromQueueRow(raw: QueueRow): IncidentViewRow {
  const row = raw as unknown as Record<string, unknown>;
  for (const key of instantKeys) {
    const ms = raw[key];
    row[key] = ms === null ? null : new Date(ms);
  }
  return row as unknown as IncidentViewRow;
}

const incidentById = builtOnce((db) =>
  db
    .select()
    .from(incidents)
    .where(eq(incidents.id, sql.placeholder('id')))
    .prepare('incident-by-id'),
);

export async function findIncidentRow(db: DbOrTx, id: number) {
  const [row] = await incidentById(db).execute({ id });
  return row;
}

const timelineOf = builtOnce((db) =>
  db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, sql.placeholder('id')))
    .orderBy(asc(incidentEvents.id))
    .prepare('incident-timeline'),
);

export async function incidentTimeline(db: DbOrTx, id: number) {
  return (await timelineOf(db).execute({ id })).map(toTimelineEntry);
}

/** The API's view of a timeline row. */
export const toTimelineEntry = (e: typeof incidentEvents.$inferSelect) => ({
  id: e.id,
  at: e.at.toISOString(),
  type: e.type,
  actorId: e.actorId,
  actorGroups: e.actorGroups,
  data: e.data as Record<string, unknown>,
});

const changeTasksOf = builtOnce((db) =>
  db
    .select()
    .from(changeTasks)
    .where(eq(changeTasks.incidentId, sql.placeholder('id')))
    .orderBy(asc(changeTasks.number))
    .prepare('incident-change-tasks'),
);

export async function incidentChangeTasks(db: DbOrTx, id: number) {
  return (await changeTasksOf(db).execute({ id })).map(toChangeTaskDto);
}
