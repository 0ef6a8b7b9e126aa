import { and, asc, between, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import {
  calendarExceptions,
  calendars,
  campaigns,
  incidents,
  systems,
} from '../../../../db/schema.js';
import { calendarCoverage } from '../../../../domain/reference/calendar-coverage.js';
import type { CalendarDto, CalendarExceptionDto } from './schema.js';

type CalendarRow = typeof calendars.$inferSelect;
type ExceptionRow = typeof calendarExceptions.$inferSelect;

export const toCalendarDto = (row: CalendarRow): CalendarDto => ({
  id: row.id,
  name: row.name,
  timeZone: row.timeZone,
  weekly: row.weekly as CalendarDto['weekly'],
  adjustedWorkdayHours: row.adjustedWorkdayHours as CalendarDto['adjustedWorkdayHours'],
  nominalDayMinutes: row.nominalDayMinutes,
  revision: row.revision,
  updatedAt: row.updatedAt.toISOString(),
});

export const toExceptionDto = (row: ExceptionRow): CalendarExceptionDto => ({
  date: row.date,
  kind: row.kind,
  hours: row.hours as CalendarExceptionDto['hours'],
  name: row.name,
  source: row.source,
});

export async function listCalendars(db: DbOrTx): Promise<CalendarDto[]> {
  const rows = await db.select().from(calendars).orderBy(asc(calendars.id));
  return rows.map(toCalendarDto);
}

export async function findCalendar(db: DbOrTx, id: string): Promise<CalendarDto | undefined> {
  const [row] = await db.select().from(calendars).where(eq(calendars.id, id));
  return row && toCalendarDto(row);
}

/** A calendar's dates, all or those of one year. */
export async function listExceptions(
  db: DbOrTx,
  calendarId: string,
  year?: number,
): Promise<CalendarExceptionDto[]> {
  const rows = await db
    .select()
    .from(calendarExceptions)
    .where(
      and(
        eq(calendarExceptions.calendarId, calendarId),
        year === undefined
          ? undefined
          : between(calendarExceptions.date, `${year}-01-01`, `${year}-12-31`),
      ),
    )
    .orderBy(asc(calendarExceptions.date));
  return rows.map(toExceptionDto);
}

/** A calendar with its dates and the coverage of official holiday data as of `now`. */
export async function findCalendarDetail(db: DbOrTx, id: string, now: Date) {
  const calendar = await findCalendar(db, id);
  if (!calendar) return undefined;
  const exceptions = await listExceptions(db, id);
  return {
    ...calendar,
    exceptions,
    coverage: calendarCoverage(exceptions, calendar.timeZone, now),
  };
}

/** What still counts working time in a calendar: systems, campaigns, incidents. */
export async function usesOfCalendar(db: DbOrTx, id: string) {
  const [bySystems, byCampaigns, [byIncidents]] = await Promise.all([
    db
      .select({ id: systems.id })
      .from(systems)
      .where(eq(systems.calendarId, id))
      .orderBy(asc(systems.id)),
    db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.calendarId, id))
      .orderBy(asc(campaigns.id)),
    db.select({ n: count() }).from(incidents).where(eq(incidents.calendarId, id)),
  ]);
  return {
    systems: bySystems.map((s) => s.id),
    campaigns: byCampaigns.map((c) => c.id),
    incidents: byIncidents?.n ?? 0,
  };
}
