/**
 * The compiled form of a calendar: every working interval of a range of local days as UTC
 * instants, sorted, with a cumulative working-time prefix. A query is a binary search, whatever the
 * span or the number of holidays. The range grows on demand (doubling, so the rebuilds amortise)
 * and never past the supported years; a query outside the range first extends it.
 */
import type { Instant, Millis } from '../model.js';
import { MINUTE } from '../model.js';
import { END_DAY, FIRST_DAY, spansOfDay } from './definition.js';
import type { DayRules } from './definition.js';
import { CalendarError } from './types.js';
import { DAY, segmentIndex, zoneOffsets } from './zone-offsets.js';

/** Instants the engine answers for: 1900-01-01T00:00Z to 2200-01-01T00:00Z. */
export const FIRST_INSTANT: Instant = (FIRST_DAY + 1) * DAY;
export const LAST_INSTANT: Instant = (END_DAY - 1) * DAY;
/** The first query compiles this many days; later extensions at least double the range. */
const FIRST_CHUNK_DAYS = 32;

export class CalendarEngine {
  /** Compiled local days `[fromDay, toDay)`. */
  private fromDay = 0;
  private toDay = 0;
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  /** `worked[i]`: working time of the intervals before interval `i` (length n + 1). */
  private worked = new Float64Array(1);
  /**
   * The arrays hold every working instant of `[safeFrom, safeTo]`. A local day's instants lie
   * within a day of its UTC midnight (|offset| < 24 h), hence the one-day margins.
   */
  private safeFrom = Infinity;
  private safeTo = -Infinity;

  constructor(
    private readonly rules: DayRules,
    private readonly timeZone: string,
  ) {
    if (!rules.endless) this.compileExceptionDays();
  }

  /** Working time in `[from, to)`, `from <= to`. */
  between(from: Instant, to: Instant): Millis {
    this.cover(from, to);
    return this.workedUntil(to) - this.workedUntil(from);
  }

  isWorking(at: Instant): boolean {
    this.cover(at, at);
    const i = this.indexAt(at);
    return i >= 0 && at < (this.ends[i] as number);
  }

  next(at: Instant): Instant {
    for (;;) {
      this.cover(at, at);
      const i = this.indexAt(at);
      if (i >= 0 && at < (this.ends[i] as number)) return at;
      const start = this.starts[i + 1];
      if (start !== undefined && start <= this.safeTo) return start;
      if (!this.rules.endless) this.noWorkingTimeAfter(at);
      this.extendForward();
    }
  }

  /**
   * The earliest instant at which `duration > 0` of working time has passed since `start`, or
   * `undefined` when that instant lies after `limit` (so the caller need not compile past it).
   */
  add(start: Instant, duration: Millis, limit: Instant): Instant | undefined {
    for (;;) {
      this.cover(start, start);
      const target = this.workedUntil(start) + duration;
      const j = this.firstIntervalReaching(target);
      const intervalStart = this.starts[j];
      if (intervalStart !== undefined) {
        const due = intervalStart + (target - (this.worked[j] as number));
        if (due <= this.safeTo) return due <= limit ? due : undefined;
      } else if (!this.rules.endless) {
        return limit === Infinity ? this.noWorkingTimeAfter(start) : undefined;
      }
      if (this.safeTo >= limit) return undefined;
      this.extendForward();
    }
  }

  private cover(from: Instant, to: Instant): void {
    if (from < FIRST_INSTANT || to > LAST_INSTANT) {
      const outside = from < FIRST_INSTANT ? from : to;
      throw new CalendarError(
        'out-of-range',
        `${new Date(outside).toISOString()} is outside the supported range 1900-01-01T00:00Z–2200-01-01T00:00Z`,
      );
    }
    if (from < this.safeFrom || to > this.safeTo) {
      this.extend(Math.floor(from / DAY) - 1, Math.ceil(to / DAY) + 1);
    }
  }

  private extendForward(): void {
    if (this.toDay >= END_DAY) {
      throw new CalendarError(
        'out-of-range',
        'the answer lies after 2200-01-01T00:00Z, the end of the supported range',
      );
    }
    this.extend(this.fromDay, this.toDay + 1);
  }

  private noWorkingTimeAfter(at: Instant): never {
    const last = this.ends[this.ends.length - 1] as number;
    throw new CalendarError(
      'no-working-time-after',
      `the calendar runs out of working time after ${new Date(at).toISOString()}: its last working time (from its exceptions) ends ${new Date(last).toISOString()}`,
    );
  }

  /** Compiles at least the local days `[wantFrom, wantTo)`, growing by at least the current range. */
  private extend(wantFrom: number, wantTo: number): void {
    if (this.toDay === this.fromDay) {
      this.fromDay = Math.max(FIRST_DAY, wantFrom);
      this.toDay = this.fromDay;
    }
    const chunk = Math.max(FIRST_CHUNK_DAYS, this.toDay - this.fromDay);
    const fromDay =
      wantFrom < this.fromDay
        ? Math.max(FIRST_DAY, Math.min(wantFrom, this.fromDay - chunk))
        : this.fromDay;
    const toDay =
      wantTo > this.toDay ? Math.min(END_DAY, Math.max(wantTo, this.toDay + chunk)) : this.toDay;
    zoneOffsets(this.timeZone, (fromDay - 1) * DAY, (toDay + 2) * DAY);
    const starts = Array.from(this.starts);
    const ends = Array.from(this.ends);
    for (let day = fromDay; day < this.fromDay; day++) this.collectDay(day, starts, ends);
    for (let day = this.toDay; day < toDay; day++) this.collectDay(day, starts, ends);
    this.fromDay = fromDay;
    this.toDay = toDay;
    this.safeFrom = (fromDay + 1) * DAY;
    this.safeTo = (toDay - 1) * DAY;
    this.assemble(starts, ends);
  }

  /** An exception-only calendar has no working time outside its exception dates: compile them all. */
  private compileExceptionDays(): void {
    const days = [...this.rules.byDate.keys()].sort((a, b) => a - b);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const day of days) this.collectDay(day, starts, ends);
    if (starts.length === 0) {
      throw new CalendarError(
        'no-working-time',
        'the calendar has no working time: the hours of its exceptions all fall in skipped (DST) wall-clock time',
        'exceptions',
      );
    }
    this.fromDay = days[0] as number;
    this.toDay = (days[days.length - 1] as number) + 1;
    this.safeFrom = -Infinity;
    this.safeTo = Infinity;
    this.assemble(starts, ends);
  }

  /**
   * Appends the instants of a local day whose wall-clock time lies in the day's working spans.
   * Within a constant-offset segment `o`, wall time `w` is instant `w - o`: a wall time skipped by
   * a transition has no instant, one repeated by a fall-back has two.
   */
  private collectDay(day: number, starts: number[], ends: number[]): void {
    const spans = spansOfDay(this.rules, day);
    if (spans.length === 0) return;
    const zone = zoneOffsets(this.timeZone, (day - 1) * DAY, (day + 2) * DAY);
    const segments = zone.segmentStarts;
    for (const [startMinute, endMinute] of spans) {
      const wallStart = day * DAY + startMinute * MINUTE;
      const wallEnd = day * DAY + endMinute * MINUTE;
      for (let k = segmentIndex(zone, wallStart - DAY); k < segments.length; k++) {
        const segmentStart = segments[k] as number;
        if (segmentStart >= wallEnd + DAY) break;
        const offset = zone.offsets[k] as Millis;
        const from = Math.max(wallStart - offset, segmentStart);
        const to = Math.min(wallEnd - offset, segments[k + 1] ?? Infinity);
        if (from < to) {
          starts.push(from);
          ends.push(to);
        }
      }
    }
  }

  /**
   * Sorts and merges touching intervals, then builds the prefix sums. The intervals are disjoint
   * (an instant has one wall-clock time), so sorting starts and ends apart keeps them paired.
   */
  private assemble(starts: number[], ends: number[]): void {
    const sortedStarts = Float64Array.from(starts).sort();
    const sortedEnds = Float64Array.from(ends).sort();
    let n = 0;
    for (let i = 0; i < sortedStarts.length; i++) {
      const start = sortedStarts[i] as number;
      if (n > 0 && sortedEnds[n - 1] === start) {
        sortedEnds[n - 1] = sortedEnds[i] as number;
      } else {
        sortedStarts[n] = start;
        sortedEnds[n] = sortedEnds[i] as number;
        n++;
      }
    }
    this.starts = sortedStarts.slice(0, n);
    this.ends = sortedEnds.slice(0, n);
    this.worked = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.worked[i + 1] =
        (this.worked[i] as number) + (this.ends[i] as number) - (this.starts[i] as number);
    }
  }

  /** Index of the last interval starting at or before `at`, or -1. */
  private indexAt(at: Instant): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Working time from the first compiled interval up to `at`. */
  private workedUntil(at: Instant): Millis {
    const i = this.indexAt(at);
    if (i < 0) return 0;
    const start = this.starts[i] as number;
    return (this.worked[i] as number) + Math.min(at, this.ends[i] as number) - start;
  }

  /** The first interval by whose end `target` of working time has passed (n when none). */
  private firstIntervalReaching(target: Millis): number {
    const worked = this.worked;
    let lo = 1;
    let hi = worked.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((worked[mid] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo - 1;
  }
}
