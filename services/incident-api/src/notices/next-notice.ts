/**
 * When the SLA runner must next look at an incident: `incidents.next_notice_at`, kept by every
 * change of the incident in the change's own transaction, so that the runner's idle work is one
 * indexed query however many incidents are open.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { dueNotices, type ClockEvent, type Priority, type WorkingCalendar } from '@ovms/policy';
import type { DbOrTx } from '../db/client.js';
import { incidents, notices } from '../db/schema.js';
import type { PolicyTables } from '../domain/incidents/policy-inputs.js';

/** What of an incident decides its notices. */
export interface NoticeClockRow {
  targetMs: number;
  clockEvents: readonly ClockEvent[];
  priority: string;
}

/** The notice input of @ovms/policy for an incident, given the keys already sent. */
export function noticeInputOf(
  row: NoticeClockRow,
  tables: Pick<PolicyTables, 'noticeThresholds'>,
  calendar: WorkingCalendar,
  sentKeys: readonly string[],
) {
  return {
    calendar,
    initialTargetMs: row.targetMs,
    events: row.clockEvents,
    priority: row.priority as Priority,
    sent: sentKeys,
    thresholds: tables.noticeThresholds,
  };
}

/**
 * The instant the runner must next look at the incident: `now` when a notice is due already (a
 * new P1's alert, a threshold passed under a cut target), else the next threshold's instant;
 * null when nothing can fall due (paused, stopped, every notice sent).
 *
 * @example
 * nextNoticeAt(row, tables, calendar, ['threshold:50'], now); // the 75 % instant, or null
 */
export function nextNoticeAt(
  row: NoticeClockRow,
  tables: Pick<PolicyTables, 'noticeThresholds'>,
  calendar: WorkingCalendar,
  sentKeys: readonly string[],
  now: Date,
): Date | null {
  const { due, nextAt } = dueNotices(noticeInputOf(row, tables, calendar, sentKeys), now.getTime());
  if (due.length > 0) return now;
  return nextAt === null ? null : new Date(nextAt);
}

/** The keys of the notices written for an incident. */
export async function sentNoticeKeys(tx: DbOrTx, incidentId: number): Promise<string[]> {
  const rows = await tx
    .select({ key: notices.key })
    .from(notices)
    .where(eq(notices.incidentId, incidentId));
  return rows.map((r) => r.key);
}

/**
 * Recomputes `next_notice_at` after a change of the incident, in the change's transaction (which
 * holds the incident's row lock, so the runner skips it meanwhile and sees the result after).
 */
export async function scheduleNextNotice(
  tx: DbOrTx,
  incidentId: number,
  row: NoticeClockRow,
  tables: Pick<PolicyTables, 'noticeThresholds'>,
  calendar: WorkingCalendar,
  now: Date,
): Promise<void> {
  const sent = await sentNoticeKeys(tx, incidentId);
  await tx
    .update(incidents)
    .set({ nextNoticeAt: nextNoticeAt(row, tables, calendar, sent, now) })
    .where(eq(incidents.id, incidentId));
}

/**
 * A calendar edit moves every threshold of the incidents counted on it: they are handed to the
 * runner at once, which recomputes each under the new calendar.
 */
export async function recheckIncidentsOnCalendar(
  tx: DbOrTx,
  calendarId: string,
  now: Date,
): Promise<void> {
  // Rows are locked in id order, so two such edits cannot deadlock each other.
  await tx
    .update(incidents)
    .set({ nextNoticeAt: now })
    .where(
      inArray(
        incidents.id,
        tx
          .select({ id: incidents.id })
          .from(incidents)
          .where(and(eq(incidents.calendarId, calendarId), ne(incidents.clockState, 'stopped')))
          .orderBy(asc(incidents.id))
          .for('update'),
      ),
    );
}
