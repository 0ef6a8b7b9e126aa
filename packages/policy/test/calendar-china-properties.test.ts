/**
 * The default China calendar across Spring Festival 2026 (holiday 02-15..02-23, 调休 working
 * Saturdays 02-14 and 02-28) against the naive reference, and consistency properties at
 * millisecond precision (non-aligned instants) on it and on random calendars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  addWorkingTime,
  compileCalendar,
  defaultCalendarDefinition,
  isWorkingTime,
  nextWorkingInstant,
  workingTimeBetween,
} from '../src/calendar/index.js';
import type { Interval, WorkingCalendar } from '../src/calendar/index.js';
import { MINUTE } from '../src/model.js';
import type { Instant } from '../src/model.js';
import { calendarCase, instantNear, pausesAround } from './support/calendar-arbitraries.js';
import { naiveCalendar } from './support/calendar-reference.js';

const definition = defaultCalendarDefinition();
const china = compileCalendar(definition);
const naive = naiveCalendar(definition);

/** Minute-aligned instants from 2026-02-01 to 2026-03-10, Asia/Shanghai. */
const WINDOW_START = Date.parse('2026-02-01T00:00+08:00');
const WINDOW_MINUTES = 37 * 1440;
const minuteInWindow = fc
  .integer({ min: 0, max: WINDOW_MINUTES })
  .map((m) => WINDOW_START + m * MINUTE);
const msInWindow = fc
  .integer({ min: 0, max: WINDOW_MINUTES * MINUTE })
  .map((ms) => WINDOW_START + ms);
/** Up to two nominal working days (16 h): from 02-13 that reaches past the festival. */
const duration = fc.integer({ min: 0, max: 960 }).map((m) => m * MINUTE);
const WALK_MINUTES = 40 * 1440;

describe('default China calendar across Spring Festival 2026, against the naive reference', () => {
  it('addWorkingTime, without and with pauses', () => {
    fc.assert(
      fc.property(
        minuteInWindow.chain((start) =>
          fc.tuple(fc.constant(start), duration, pausesAround(start, 5 * 1440)),
        ),
        ([start, worked, pauses]) => {
          expect(addWorkingTime(china, start, worked)).toBe(
            naive.add(start, worked, [], WALK_MINUTES),
          );
          expect(addWorkingTime(china, start, worked, pauses)).toBe(
            naive.add(start, worked, pauses, WALK_MINUTES),
          );
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('workingTimeBetween, without and with pauses', () => {
    fc.assert(
      fc.property(
        minuteInWindow.chain((from) =>
          fc.tuple(
            fc.constant(from),
            fc.integer({ min: -60, max: 5 * 1440 }),
            pausesAround(from, 5 * 1440),
          ),
        ),
        ([from, span, pauses]) => {
          const to = from + span * MINUTE;
          expect(workingTimeBetween(china, from, to)).toBe(naive.between(from, to));
          expect(workingTimeBetween(china, from, to, pauses)).toBe(naive.between(from, to, pauses));
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('isWorkingTime and nextWorkingInstant', () => {
    fc.assert(
      fc.property(minuteInWindow, (at) => {
        expect(isWorkingTime(china, at)).toBe(naive.isWorkingMinute(at));
        expect(nextWorkingInstant(china, at)).toBe(naive.next(at, WALK_MINUTES));
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

/** Compiles a random case, or undefined when it is (rightly, see the other suite) refused. */
function compiledOrRefused(c: { definition: Parameters<typeof compileCalendar>[0] }) {
  try {
    return compileCalendar(c.definition);
  } catch (error) {
    if (error instanceof CalendarError) return undefined;
    throw error;
  }
}

/** Non-aligned instants: a random calendar with an instant and a span in milliseconds. */
const randomCalendarAtMs = calendarCase.chain((c) =>
  fc.tuple(
    fc.constant(c),
    instantNear(c.anchorInstant).chain((at) =>
      fc.integer({ min: 0, max: MINUTE - 1 }).map((ms) => at + ms),
    ),
    fc.integer({ min: 0, max: 2 * 1440 * MINUTE }),
  ),
);

/** The answer is a refusal exactly when the calendar runs out of working time. */
function orRunsOut<T>(answer: () => T): T | undefined {
  try {
    return answer();
  } catch (error) {
    if (error instanceof CalendarError && error.code === 'no-working-time-after') return undefined;
    throw error;
  }
}

describe('consistency at millisecond precision', () => {
  function expectRoundTrip(
    calendar: WorkingCalendar,
    start: Instant,
    worked: number,
    pauses: readonly Interval[] = [],
  ) {
    const due = orRunsOut(() => addWorkingTime(calendar, start, worked, pauses));
    if (due === undefined) return;
    expect(due).toBeGreaterThanOrEqual(start);
    expect(workingTimeBetween(calendar, start, due, pauses)).toBe(worked);
    // earliest: one millisecond before, the duration is not used up yet
    if (worked > 0)
      expect(workingTimeBetween(calendar, start, due - 1, pauses)).toBeLessThan(worked);
  }

  it('between(start, add(start, d)) === d, and add is the earliest such instant (China, with pauses)', () => {
    fc.assert(
      fc.property(
        msInWindow.chain((start) =>
          fc.tuple(
            fc.constant(start),
            fc.integer({ min: 0, max: 3 * 480 * MINUTE }),
            pausesAround(start, 5 * 1440),
          ),
        ),
        ([start, worked, pauses]) => {
          expectRoundTrip(china, start, worked);
          expectRoundTrip(china, start, worked, pauses);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('between(start, add(start, d)) === d, and add is the earliest such instant (random calendars)', () => {
    fc.assert(
      fc.property(randomCalendarAtMs, ([c, start, worked]) => {
        const calendar = compiledOrRefused(c);
        if (calendar !== undefined) expectRoundTrip(calendar, start, worked);
      }),
      { numRuns: 500 },
    );
  });

  it('between is additive and nextWorkingInstant agrees with isWorkingTime (random calendars)', () => {
    fc.assert(
      fc.property(
        randomCalendarAtMs,
        fc.integer({ min: 0, max: 2 * 1440 * MINUTE }),
        ([c, a, ab], bc) => {
          const calendar = compiledOrRefused(c);
          if (calendar === undefined) return;
          const [b, end] = [a + ab, a + ab + bc];
          expect(workingTimeBetween(calendar, a, b) + workingTimeBetween(calendar, b, end)).toBe(
            workingTimeBetween(calendar, a, end),
          );
          const next = orRunsOut(() => nextWorkingInstant(calendar, a));
          expect(next === a).toBe(isWorkingTime(calendar, a));
          if (next !== undefined) {
            expect(isWorkingTime(calendar, next)).toBe(true);
            expect(workingTimeBetween(calendar, a, next)).toBe(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers do not depend on what was asked before (the day table grows on demand)', () => {
    const YEAR = 365 * 24 * 60 * MINUTE;
    fc.assert(
      fc.property(
        randomCalendarAtMs,
        fc.constantFrom(-3, -1, 1, 3),
        ([c, start, worked], years) => {
          const fresh = compiledOrRefused(c);
          const warmed = compiledOrRefused(c);
          if (fresh === undefined || warmed === undefined) return;
          // grow the warmed calendar's table from a distant year towards the queries, then past them
          workingTimeBetween(warmed, start + years * YEAR, start + years * YEAR + MINUTE);
          workingTimeBetween(warmed, start - years * YEAR, start - years * YEAR + MINUTE);
          const end = start + worked;
          expect(workingTimeBetween(warmed, start, end)).toBe(
            workingTimeBetween(fresh, start, end),
          );
          expect(isWorkingTime(warmed, end)).toBe(isWorkingTime(fresh, end));
          expect(orRunsOut(() => addWorkingTime(warmed, start, worked))).toBe(
            orRunsOut(() => addWorkingTime(fresh, start, worked)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('non-aligned spans: whole minutes as the reference counts them, plus the partial ends (China)', () => {
    fc.assert(
      fc.property(msInWindow, fc.integer({ min: 0, max: 3 * 1440 * MINUTE }), (from, span) => {
        const to = from + span;
        const firstWhole = Math.ceil(from / MINUTE) * MINUTE;
        const lastWhole = Math.floor(to / MINUTE) * MINUTE;
        const partialMinute = (minute: Instant, ms: number) =>
          naive.isWorkingMinute(minute) ? ms : 0;
        const expected =
          firstWhole > lastWhole
            ? partialMinute(lastWhole, to - from)
            : naive.between(firstWhole, lastWhole) +
              partialMinute(firstWhole - MINUTE, firstWhole - from) +
              partialMinute(lastWhole, to - lastWhole);
        expect(workingTimeBetween(china, from, to)).toBe(expected);
        expect(isWorkingTime(china, from)).toBe(
          naive.isWorkingMinute(Math.floor(from / MINUTE) * MINUTE),
        );
      }),
      { numRuns: 500 },
    );
  });
});
