/**
 * Random calendars (zones with DST, 30-minute DST, midnight transitions and a skipped date;
 * random weekly hours and exceptions) against the naive minute-by-minute reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  addWorkingTime,
  compileCalendar,
  isWorkingTime,
  nextWorkingInstant,
  workingTimeBetween,
} from '../src/calendar/index.js';
import type { CalendarDefinition, WorkingCalendar } from '../src/calendar/index.js';
import { MINUTE } from '../src/model.js';
import type { Instant } from '../src/model.js';
import { calendarCase, instantNear, pausesAround } from './support/calendar-arbitraries.js';
import { naiveCalendar } from './support/calendar-reference.js';
import type { NaiveCalendar } from './support/calendar-reference.js';

/** Two weeks: the naive walk for calendars with weekly hours, from anywhere in a window. */
const MAX_WALK_MINUTES = 14 * 1440;
const DAY = 1440 * MINUTE;

/**
 * How far the naive walk goes from `from`: two weeks, or for an exception-only calendar up to the
 * day after its last exception date, past which it has no working time at all.
 */
function walkMinutes(def: CalendarDefinition, from: Instant): number {
  if (Object.values(def.weekly).some((hours) => hours.length > 0)) return MAX_WALK_MINUTES;
  const last = Math.max(...(def.exceptions ?? []).map((exception) => Date.parse(exception.date)));
  return Math.max(0, (last + 2 * DAY - from) / MINUTE);
}

/**
 * Compiles the case, or checks that the refusal is right: no working time anywhere, or a 调休
 * exception with no hours to work. Returns undefined when refused.
 */
function compiled(def: CalendarDefinition): [WorkingCalendar, NaiveCalendar] | undefined {
  const naive = naiveCalendar(def);
  try {
    return [compileCalendar(def), naive];
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarError);
    const code = (error as CalendarError).code;
    const weeklyEmpty = Object.values(def.weekly).every((hours) => hours.length === 0);
    if (code === 'missing-adjusted-workday-hours') {
      const adjusted = def.adjustedWorkdayHours ?? (weeklyEmpty ? [] : undefined);
      expect(adjusted).toEqual([]);
      expect(def.exceptions?.some((exception) => exception.kind === 'workday')).toBe(true);
    } else {
      expect(code).toBe('no-working-time');
      expect(weeklyEmpty).toBe(true);
      for (const exception of def.exceptions ?? []) {
        const start = Date.parse(`${exception.date}T00:00Z`) - 1440 * MINUTE;
        expect(naive.next(start, 3 * 1440)).toBeUndefined();
      }
    }
    return undefined;
  }
}

/**
 * The engine's answer where the naive walk found none: later than the walk, or for an
 * exception-only calendar (whose walk went past its last working time) a refusal.
 */
function expectNoneWithinWalk(answer: () => Instant, def: CalendarDefinition, from: Instant): void {
  const walk = walkMinutes(def, from);
  if (walk < MAX_WALK_MINUTES) {
    expect(answer).toThrow(expect.objectContaining({ code: 'no-working-time-after' }));
  } else {
    expect(answer()).toBeGreaterThan(from + walk * MINUTE);
  }
}

describe('random calendars against the naive minute-by-minute reference', () => {
  it('isWorkingTime and nextWorkingInstant', () => {
    fc.assert(
      fc.property(
        calendarCase.chain((c) => fc.tuple(fc.constant(c), instantNear(c.anchorInstant))),
        ([{ definition }, at]) => {
          const pair = compiled(definition);
          if (pair === undefined) return;
          const [calendar, naive] = pair;
          expect(isWorkingTime(calendar, at)).toBe(naive.isWorkingMinute(at));
          const next = naive.next(at, walkMinutes(definition, at));
          if (next === undefined) {
            expectNoneWithinWalk(() => nextWorkingInstant(calendar, at), definition, at);
          } else expect(nextWorkingInstant(calendar, at)).toBe(next);
        },
      ),
      { numRuns: 2500 },
    );
  }, 60_000);

  it('workingTimeBetween, without and with pauses', () => {
    fc.assert(
      fc.property(
        calendarCase
          .chain((c) =>
            fc.tuple(
              fc.constant(c),
              instantNear(c.anchorInstant),
              fc.integer({ min: -60, max: 2 * 1440 }),
            ),
          )
          .chain(([c, from, span]) =>
            fc.tuple(
              fc.constant(c),
              fc.constant(from),
              fc.constant(span),
              pausesAround(from, span),
            ),
          ),
        ([{ definition }, from, span, pauses]) => {
          const pair = compiled(definition);
          if (pair === undefined) return;
          const [calendar, naive] = pair;
          const to = from + span * MINUTE;
          expect(workingTimeBetween(calendar, from, to)).toBe(naive.between(from, to));
          expect(workingTimeBetween(calendar, from, to, pauses)).toBe(
            naive.between(from, to, pauses),
          );
        },
      ),
      { numRuns: 3000 },
    );
  }, 60_000);

  it('addWorkingTime, without and with pauses', () => {
    fc.assert(
      fc.property(
        calendarCase
          .chain((c) =>
            fc.tuple(
              fc.constant(c),
              instantNear(c.anchorInstant),
              fc.integer({ min: 0, max: 600 }).map((m) => m * MINUTE),
            ),
          )
          .chain(([c, start, duration]) =>
            fc.tuple(
              fc.constant(c),
              fc.constant(start),
              fc.constant(duration),
              pausesAround(start, 1440),
            ),
          ),
        ([{ definition }, start, duration, pauses]) => {
          const pair = compiled(definition);
          if (pair === undefined) return;
          const [calendar, naive] = pair;
          for (const withPauses of [[], pauses]) {
            const due = naive.add(start, duration, withPauses, walkMinutes(definition, start));
            const answer = () => addWorkingTime(calendar, start, duration, withPauses);
            if (due === undefined) expectNoneWithinWalk(answer, definition, start);
            else expect(answer()).toBe(due);
          }
        },
      ),
      { numRuns: 3000 },
    );
  }, 60_000);
});
