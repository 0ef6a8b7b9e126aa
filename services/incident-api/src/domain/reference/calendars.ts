/**
 * Calendars as stored and as the policy package compiles them. Compiled calendars are cached by
 * (id, revision): every edit bumps the revision, so another process's edit is seen on the next
 * lookup without any cross-process signal.
 */
import { asc, eq, sql } from 'drizzle-orm';
import {
  compileCalendar,
  type CalendarDefinition,
  type DateException,
  type WorkingCalendar,
} from '@ovms/policy';
import type { DbOrTx } from '../../db/client.js';
import { calendarExceptions, calendars } from '../../db/schema.js';
import { builtOnce } from '../../db/prepared.js';

type CalendarRow = typeof calendars.$inferSelect;
type ExceptionRow = typeof calendarExceptions.$inferSelect;

/** The policy package's definition of a stored calendar. */
export function toDefinition(
  row: CalendarRow,
  exceptions: readonly ExceptionRow[],
): CalendarDefinition {
  return {
    timeZone: row.timeZone,
    weekly: row.weekly as CalendarDefinition['weekly'],
    ...(row.adjustedWorkdayHours
      ? { adjustedWorkdayHours: row.adjustedWorkdayHours as CalendarDefinition['weekly']['mon'] }
      : {}),
    nominalDayMinutes: row.nominalDayMinutes,
    exceptions: exceptions.map((e): DateException =>
      e.kind === 'hours'
        ? {
            date: e.date,
            kind: 'hours',
            hours: e.hours as never,
            ...(e.name ? { name: e.name } : {}),
          }
        : { date: e.date, kind: e.kind, ...(e.name ? { name: e.name } : {}) },
    ),
  };
}

/** The current revisions of the calendars `ids`: read before every use of a cached calendar. */
const revisionsOf = builtOnce((db) =>
  db
    .select({ id: calendars.id, revision: calendars.revision })
    .from(calendars)
    .where(sql`${calendars.id} = any(${sql.placeholder('ids')}::text[])`)
    .prepare('calendar-revisions'),
);

export class CalendarCache {
  private readonly compiled = new Map<string, { revision: number; calendar: WorkingCalendar }>();

  /** Compiled calendars by id; ids that do not exist are absent from the result. */
  async get(db: DbOrTx, ids: readonly string[]): Promise<Map<string, WorkingCalendar>> {
    const unique = [...new Set(ids)];
    const result = new Map<string, WorkingCalendar>();
    if (unique.length === 0) return result;
    const revisions = await revisionsOf(db).execute({ ids: unique });
    const stale: string[] = [];
    for (const { id, revision } of revisions) {
      const hit = this.compiled.get(id);
      if (hit && hit.revision === revision) result.set(id, hit.calendar);
      else stale.push(id);
    }
    for (const id of stale) {
      const calendar = await loadCalendar(db, id);
      if (!calendar) continue;
      this.compiled.set(id, { revision: calendar.row.revision, calendar: calendar.compiled });
      result.set(id, calendar.compiled);
    }
    return result;
  }

  async one(db: DbOrTx, id: string): Promise<WorkingCalendar | undefined> {
    return (await this.get(db, [id])).get(id);
  }

  /** A calendar whose current revision the caller has just read: no lookup when cached. */
  async atRevision(db: DbOrTx, id: string, revision: number): Promise<WorkingCalendar | undefined> {
    const hit = this.compiled.get(id);
    if (hit && hit.revision === revision) return hit.calendar;
    const calendar = await loadCalendar(db, id);
    if (!calendar) return undefined;
    this.compiled.set(id, { revision: calendar.row.revision, calendar: calendar.compiled });
    return calendar.compiled;
  }
}

/** A stored calendar, its exceptions, and its compiled form. */
export async function loadCalendar(db: DbOrTx, id: string) {
  const [row] = await db.select().from(calendars).where(eq(calendars.id, id));
  if (!row) return undefined;
  const exceptions = await db
    .select()
    .from(calendarExceptions)
    .where(eq(calendarExceptions.calendarId, id))
    .orderBy(asc(calendarExceptions.date));
  const definition = toDefinition(row, exceptions);
  return { row, exceptions, definition, compiled: compileCalendar(definition) };
}
