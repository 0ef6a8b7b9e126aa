/**
 * Edits of service-window calendars. Each edit runs in the caller's transaction: it locks the
 * calendar, builds the definition the edit would leave, has compileCalendar of @ovms/policy judge
 * it (a calendar with no working time is refused, never stored), writes, bumps `revision` and
 * `updated_at` (the key of every process's CalendarCache) and records the audit entry.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  CalendarError,
  chinaOfficialExceptions,
  compileCalendar,
  type CalendarErrorCode,
  type WorkingInterval,
} from '@ovms/policy';
import type { DbOrTx } from '../../db/client.js';
import { calendarExceptions, calendars } from '../../db/schema.js';
import { Problem, notFound, type FieldError } from '../../lib/problem.js';
import { recordAudit, type AuditContext } from '../audit.js';
import { toDefinition } from './calendars.js';
import { pathSegments, pointerOf, reasonOf } from './field-paths.js';
import { officialImportWarnings } from './calendar-coverage.js';
import { recheckIncidentsOnCalendar } from '../../notices/next-notice.js';

export type CalendarRow = typeof calendars.$inferSelect;
export type ExceptionRow = typeof calendarExceptions.$inferSelect;

export interface CalendarEditContext {
  audit: AuditContext;
  now: Date;
}

/**
 * Where a refused definition's field sits in the request: given the policy package's path as
 * segments (`['weekly', 'mon', '0', 'end']`), a JSON pointer such as `/body/weekly/mon/0/end`.
 */
export type LocateField = (segments: string[], error: CalendarError) => FieldError;

/** Refusals that concern the calendar as a whole rather than the shape of one field. */
const UNUSABLE: readonly CalendarErrorCode[] = [
  'no-working-time',
  'missing-adjusted-workday-hours',
];

export function calendarProblem(error: CalendarError, field: FieldError): Problem {
  const extensions = { code: error.code, errors: [field] };
  return UNUSABLE.includes(error.code)
    ? new Problem(422, 'calendar-unusable', 'Calendar would be unusable', field.detail, extensions)
    : new Problem(400, 'validation', 'Invalid request', field.detail, extensions);
}

/** The field at `pointer`, described by the policy package's own reason. */
const field = (pointer: string, error: CalendarError, note = ''): FieldError => ({
  pointer,
  detail: note ? `${reasonOf(error)} (${note})` : reasonOf(error),
});

/** Compiles the definition of `row` with `exceptions`, or refuses with the field located. */
export function assertUsableCalendar(
  row: Pick<CalendarRow, 'timeZone' | 'weekly' | 'adjustedWorkdayHours' | 'nominalDayMinutes'>,
  exceptions: readonly ExceptionRow[],
  locate: LocateField,
): void {
  try {
    compileCalendar(toDefinition(row as CalendarRow, exceptions));
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    throw calendarProblem(error, locate(pathSegments(error.path), error));
  }
}

/**
 * Locks the calendar's row until the transaction ends, so that two edits of one calendar never
 * validate against the same stale list of exceptions; returns it with its exceptions by date.
 */
export async function lockCalendar(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(calendars).where(eq(calendars.id, id)).for('update');
  if (!row) return undefined;
  const exceptions = await tx
    .select()
    .from(calendarExceptions)
    .where(eq(calendarExceptions.calendarId, id))
    .orderBy(asc(calendarExceptions.date));
  return { row, exceptions };
}

async function lockOrNotFound(tx: DbOrTx, id: string) {
  const locked = await lockCalendar(tx, id);
  if (!locked) throw notFound('Calendar', id);
  return locked;
}

/** Bumps the revision (and `updated_at`) so that every compiled copy of the calendar goes stale. */
export async function bumpCalendarRevision(
  tx: DbOrTx,
  id: string,
  now: Date,
  changes: Partial<
    Pick<CalendarRow, 'name' | 'timeZone' | 'weekly' | 'adjustedWorkdayHours' | 'nominalDayMinutes'>
  > = {},
): Promise<CalendarRow> {
  const [row] = await tx
    .update(calendars)
    .set({ ...changes, revision: sql`${calendars.revision} + 1`, updatedAt: now })
    .where(eq(calendars.id, id))
    .returning();
  // SLA runner (roadmap step 4): the thresholds of incidents on this calendar move.
  await recheckIncidentsOnCalendar(tx, id, now);
  return row!;
}

/** The exception the definition at `segments[1]` came from, for locating its error. */
const exceptionAt = (exceptions: readonly ExceptionRow[], segments: readonly string[]) =>
  segments[0] === 'exceptions' ? exceptions[Number(segments[1])] : undefined;

/**
 * A refusal caused by the calendar's own fields in a create or update body. A 调休 date left
 * without hours points at `adjustedWorkdayHours` (or `weekly`), the fields that would fix it.
 */
function locateInCalendarBody(exceptions: readonly ExceptionRow[], changed: readonly string[]) {
  return (segments: string[], error: CalendarError): FieldError => {
    const exception = exceptionAt(exceptions, segments);
    if (exception) {
      const culprit =
        error.code === 'missing-adjusted-workday-hours' && !changed.includes('adjustedWorkdayHours')
          ? 'weekly'
          : 'adjustedWorkdayHours';
      return field(pointerOf('/body', [culprit]), error, `the 调休 date ${exception.date}`);
    }
    return field(pointerOf('/body', segments), error);
  };
}

export interface NewCalendar {
  id: string;
  name: string;
  timeZone: string;
  weekly: Record<string, WorkingInterval[] | undefined>;
  adjustedWorkdayHours?: WorkingInterval[] | null | undefined;
  nominalDayMinutes: number;
}

/** Creates a calendar without exceptions; null when the id is taken. */
export async function createCalendar(
  tx: DbOrTx,
  input: NewCalendar,
  ctx: CalendarEditContext,
): Promise<CalendarRow | null> {
  const values = {
    id: input.id,
    name: input.name,
    timeZone: input.timeZone,
    weekly: input.weekly,
    adjustedWorkdayHours: input.adjustedWorkdayHours ?? null,
    nominalDayMinutes: input.nominalDayMinutes,
  };
  assertUsableCalendar(values, [], locateInCalendarBody([], Object.keys(input)));
  const [row] = await tx
    .insert(calendars)
    .values({ ...values, createdAt: ctx.now, updatedAt: ctx.now })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await recordAudit(tx, ctx.audit, {
    action: 'calendar.create',
    entity: 'calendar',
    entityId: row.id,
    after: values,
  });
  return row;
}

export type CalendarPatch = Partial<Omit<NewCalendar, 'id'>>;

export async function updateCalendar(
  tx: DbOrTx,
  id: string,
  patch: CalendarPatch,
  ctx: CalendarEditContext,
): Promise<CalendarRow> {
  const { row: before, exceptions } = await lockOrNotFound(tx, id);
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
    ...(patch.weekly !== undefined ? { weekly: patch.weekly } : {}),
    ...(patch.adjustedWorkdayHours !== undefined
      ? { adjustedWorkdayHours: patch.adjustedWorkdayHours }
      : {}),
    ...(patch.nominalDayMinutes !== undefined
      ? { nominalDayMinutes: patch.nominalDayMinutes }
      : {}),
  };
  assertUsableCalendar(
    { ...before, ...changes },
    exceptions,
    locateInCalendarBody(exceptions, Object.keys(changes)),
  );
  const after = await bumpCalendarRevision(tx, id, ctx.now, changes);
  await recordAudit(tx, ctx.audit, {
    action: 'calendar.update',
    entity: 'calendar',
    entityId: id,
    before: calendarFields(before),
    after: calendarFields(after),
  });
  return after;
}

const calendarFields = (row: CalendarRow) => ({
  name: row.name,
  timeZone: row.timeZone,
  weekly: row.weekly,
  adjustedWorkdayHours: row.adjustedWorkdayHours,
  nominalDayMinutes: row.nominalDayMinutes,
  revision: row.revision,
});

export interface ExceptionInput {
  kind: ExceptionRow['kind'];
  hours?: WorkingInterval[] | undefined;
  name?: string | undefined;
}

/** Sets one date (an admin's, so `manual`: it wins over the official data); `created` if new. */
export async function upsertCalendarException(
  tx: DbOrTx,
  calendarId: string,
  date: string,
  input: ExceptionInput,
  ctx: CalendarEditContext,
): Promise<{ exception: ExceptionRow; created: boolean; revision: number }> {
  const { row, exceptions } = await lockOrNotFound(tx, calendarId);
  const previous = exceptions.find((e) => e.date === date);
  const exception: ExceptionRow = {
    calendarId,
    date,
    kind: input.kind,
    hours: input.kind === 'hours' ? (input.hours ?? []) : null,
    name: input.name ?? null,
    source: 'manual',
  };
  const next = [...exceptions.filter((e) => e.date !== date), exception];
  assertUsableCalendar(row, next, (segments, error) => {
    if (exceptionAt(next, segments) !== exception) {
      return field('/body/kind', error, `with ${date} as ${input.kind}`);
    }
    const [, , name, ...rest] = segments;
    if (name === 'date') return field('/params/date', error);
    if (name === undefined) return field('/body/kind', error);
    return field(pointerOf('/body', [name, ...rest]), error);
  });
  await tx
    .insert(calendarExceptions)
    .values(exception)
    .onConflictDoUpdate({
      target: [calendarExceptions.calendarId, calendarExceptions.date],
      set: { kind: exception.kind, hours: exception.hours, name: exception.name, source: 'manual' },
    });
  const after = await bumpCalendarRevision(tx, calendarId, ctx.now);
  await recordAudit(tx, ctx.audit, {
    action: 'calendar.exception.upsert',
    entity: 'calendar',
    entityId: calendarId,
    before: previous ?? null,
    after: exception,
  });
  return { exception, created: !previous, revision: after.revision };
}

/** Removes one date: it follows the weekly pattern again. */
export async function deleteCalendarException(
  tx: DbOrTx,
  calendarId: string,
  date: string,
  ctx: CalendarEditContext,
): Promise<void> {
  const { row, exceptions } = await lockOrNotFound(tx, calendarId);
  const previous = exceptions.find((e) => e.date === date);
  if (!previous) throw notFound(`Exception of calendar ${calendarId} on`, date);
  assertUsableCalendar(
    row,
    exceptions.filter((e) => e !== previous),
    (_segments, error) => field('/params/date', error, `without the exception of ${date}`),
  );
  await tx
    .delete(calendarExceptions)
    .where(and(eq(calendarExceptions.calendarId, calendarId), eq(calendarExceptions.date, date)));
  await bumpCalendarRevision(tx, calendarId, ctx.now);
  await recordAudit(tx, ctx.audit, {
    action: 'calendar.exception.delete',
    entity: 'calendar',
    entityId: calendarId,
    before: previous,
  });
}

export interface OfficialImportYear {
  year: number;
  officialData: boolean;
  holidays: number;
  workdays: number;
  replaced: number;
  keptManualDates: string[];
}

export interface OfficialImport {
  calendarId: string;
  revision: number;
  years: OfficialImportYear[];
  coveredYears: number[];
  missingYears: number[];
  warnings: string[];
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Imports China's official holidays and 调休 days of `years` from the data package: earlier
 * `official` rows of those years are replaced, `manual` rows are kept and win over the official
 * date. Years without official data yet change nothing and are reported as missing.
 */
export async function importOfficialHolidays(
  tx: DbOrTx,
  calendarId: string,
  years: readonly number[],
  ctx: CalendarEditContext,
): Promise<OfficialImport> {
  const { row, exceptions } = await lockOrNotFound(tx, calendarId);
  const official = chinaOfficialExceptions(years);
  const covered = new Set(official.coveredYears);
  const manualDates = new Set(exceptions.filter((e) => e.source === 'manual').map((e) => e.date));
  const replaced = exceptions.filter((e) => e.source === 'official' && covered.has(yearOf(e.date)));
  const imported: ExceptionRow[] = official.exceptions
    .filter((e) => !manualDates.has(e.date))
    .map((e) => ({
      calendarId,
      date: e.date,
      kind: e.kind,
      hours: e.kind === 'hours' ? e.hours : null,
      name: e.name ?? null,
      source: 'official' as const,
    }));
  const next = [...exceptions.filter((e) => !replaced.includes(e)), ...imported].sort((a, b) =>
    a.date < b.date ? -1 : 1,
  );
  assertUsableCalendar(row, next, (_segments, error) =>
    field('/body/years', error, 'with the imported official dates'),
  );

  if (replaced.length > 0) {
    await tx
      .delete(calendarExceptions)
      .where(
        and(
          eq(calendarExceptions.calendarId, calendarId),
          eq(calendarExceptions.source, 'official'),
          inArray(sql`substr(${calendarExceptions.date}, 1, 4)`, official.coveredYears.map(String)),
        ),
      );
  }
  // Bounded batches: a parameter list per statement stays far below PostgreSQL's limit.
  for (let i = 0; i < imported.length; i += 500) {
    await tx.insert(calendarExceptions).values(imported.slice(i, i + 500));
  }
  const after = await bumpCalendarRevision(tx, calendarId, ctx.now);

  const report: OfficialImport = {
    calendarId,
    revision: after.revision,
    years: [...new Set(years)]
      .sort((a, b) => a - b)
      .map((year) => ({
        year,
        officialData: covered.has(year),
        holidays: imported.filter((e) => e.kind === 'holiday' && yearOf(e.date) === year).length,
        workdays: imported.filter((e) => e.kind === 'workday' && yearOf(e.date) === year).length,
        replaced: replaced.filter((e) => yearOf(e.date) === year).length,
        keptManualDates: official.exceptions
          .filter((e) => yearOf(e.date) === year && manualDates.has(e.date))
          .map((e) => e.date),
      })),
    coveredYears: official.coveredYears,
    missingYears: official.missingYears,
    warnings: officialImportWarnings(official.missingYears),
  };
  await recordAudit(tx, ctx.audit, {
    action: 'calendar.official-holidays.import',
    entity: 'calendar',
    entityId: calendarId,
    after: report,
  });
  return report;
}
