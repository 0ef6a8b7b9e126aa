/**
 * The service-window calendar in the browser, so the war room counts working time down locally
 * between polls with the same engine the API uses (@ovms/policy), instead of fetching every second.
 */
import {
  compileCalendar,
  workingTimeBetween,
  type CalendarDefinition,
  type DateException,
  type WorkingCalendar,
} from '@ovms/policy';
import type { Schemas } from '../api/client';

type CalendarDetail = Schemas['CalendarDetail'];

/** Exceptions further than this from now cannot matter to a countdown re-based every poll. */
const EXCEPTION_WINDOW_DAYS = 400;

/**
 * The API's calendar as the policy package's definition (only dates near `now`).
 * @example toCalendarDefinition(detail, Date.now()).timeZone // → 'Asia/Shanghai'
 */
export function toCalendarDefinition(detail: CalendarDetail, now: number): CalendarDefinition {
  const day = 86_400_000;
  const from = new Date(now - EXCEPTION_WINDOW_DAYS * day).toISOString().slice(0, 10);
  const to = new Date(now + EXCEPTION_WINDOW_DAYS * day).toISOString().slice(0, 10);
  const exceptions: DateException[] = [];
  for (const exception of detail.exceptions) {
    if (exception.date < from || exception.date > to) continue;
    const name = exception.name ?? undefined;
    if (exception.kind === 'hours') {
      exceptions.push({ date: exception.date, kind: 'hours', hours: exception.hours ?? [], name });
    } else {
      exceptions.push({ date: exception.date, kind: exception.kind, name });
    }
  }
  return {
    timeZone: detail.timeZone,
    weekly: detail.weekly,
    exceptions,
    ...(detail.adjustedWorkdayHours ? { adjustedWorkdayHours: detail.adjustedWorkdayHours } : {}),
    nominalDayMinutes: detail.nominalDayMinutes,
  };
}

export function compileServiceWindow(detail: CalendarDetail, now: number): WorkingCalendar {
  return compileCalendar(toCalendarDefinition(detail, now));
}

/** Working milliseconds in [from, to) of a compiled calendar. */
export function workingMsOf(calendar: WorkingCalendar): (from: number, to: number) => number {
  return (from, to) => workingTimeBetween(calendar, from, to);
}
