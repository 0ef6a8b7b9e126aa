/**
 * UTC offsets of an IANA zone as a table of constant-offset segments, read from Intl so that the
 * process time zone never matters. Built once per zone and range, then shared by every calendar
 * of that zone: compiling a calendar looks offsets up by binary search, not through Intl.
 */
import type { Instant, Millis } from '../model.js';
import { CalendarError } from './types.js';

export const DAY: Millis = 86_400_000;
const SECOND: Millis = 1000;
/**
 * Offsets are sampled this often and each change is bisected to the second. Two changes closer
 * than this that cancel each other would be missed; no zone has had one since 1900.
 */
const SAMPLE_STEP: Millis = 6 * 3_600_000;

export interface ZoneOffsets {
  readonly timeZone: string;
  /** `segmentStarts[i]` is the first instant at which `offsets[i]` applies. */
  segmentStarts: number[];
  offsets: Millis[];
  /** Instants in `[from, to)` have their offsets in the table. */
  from: Instant;
  to: Instant;
  readonly format: Intl.DateTimeFormat;
}

const zoneCache = new Map<string, ZoneOffsets>();

/** Throws `invalid-time-zone` unless Intl knows the zone; returns its canonical name. */
export function canonicalTimeZone(timeZone: string): string {
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new CalendarError('invalid-time-zone', 'a time zone is required', 'timeZone');
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new CalendarError(
      'invalid-time-zone',
      `"${timeZone}" is not an IANA time zone known to this runtime`,
      'timeZone',
    );
  }
}

/** The shared offset table of a (canonical) zone, covering at least `[from, to)`. */
export function zoneOffsets(timeZone: string, from: Instant, to: Instant): ZoneOffsets {
  let zone = zoneCache.get(timeZone);
  if (zone === undefined) {
    const start = Math.floor(from / SECOND) * SECOND;
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const offsets = [offsetAt(format, start)];
    zone = { timeZone, format, segmentStarts: [start], offsets, from: start, to: start };
    zoneCache.set(timeZone, zone);
  }
  if (from < zone.from) prependSegments(zone, Math.floor(from / SECOND) * SECOND);
  if (to > zone.to) appendSegments(zone, to);
  return zone;
}

/** Index of the segment that holds `at` (the table must cover it). */
export function segmentIndex(zone: ZoneOffsets, at: Instant): number {
  const starts = zone.segmentStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function offsetAt(format: Intl.DateTimeFormat, at: Instant): Millis {
  const second = Math.floor(at / SECOND) * SECOND;
  // en-US numeric fields come month, day, year, hour, minute, second ("3/8/2026, 03:00:00");
  // `format` is several times faster than `formatToParts` and the sampling calls it a lot.
  const fields = format.format(second).split(/\D+/).map(Number);
  if (fields.length !== 6) throw new Error(`unexpected Intl output: ${format.format(second)}`);
  const [month, day, year, hour, minute, sec] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(year, month - 1, day, hour, minute, sec) - second;
}

/** Segments of `[from, to)`, found by sampling and bisecting each change to the second. */
function scan(format: Intl.DateTimeFormat, from: Instant, to: Instant) {
  const segmentStarts = [from];
  const offsets = [offsetAt(format, from)];
  let at = from;
  let offset = offsets[0] as Millis;
  while (at < to) {
    const probe = Math.min(at + SAMPLE_STEP, to);
    if (offsetAt(format, probe) === offset) {
      at = probe;
      continue;
    }
    let same = at;
    let changed = probe;
    while (changed - same > SECOND) {
      const mid = same + Math.floor((changed - same) / 2 / SECOND) * SECOND;
      if (offsetAt(format, mid) === offset) same = mid;
      else changed = mid;
    }
    if (changed >= to) break;
    offset = offsetAt(format, changed);
    segmentStarts.push(changed);
    offsets.push(offset);
    at = changed;
  }
  return { segmentStarts, offsets };
}

function appendSegments(zone: ZoneOffsets, to: Instant): void {
  const tail = scan(zone.format, zone.to, to);
  const skipFirst = tail.offsets[0] === zone.offsets[zone.offsets.length - 1];
  zone.segmentStarts.push(...tail.segmentStarts.slice(skipFirst ? 1 : 0));
  zone.offsets.push(...tail.offsets.slice(skipFirst ? 1 : 0));
  zone.to = to;
}

function prependSegments(zone: ZoneOffsets, from: Instant): void {
  const head = scan(zone.format, from, zone.from);
  const skipFirst = head.offsets[head.offsets.length - 1] === zone.offsets[0];
  if (skipFirst) zone.segmentStarts.shift();
  if (skipFirst) zone.offsets.shift();
  zone.segmentStarts.unshift(...head.segmentStarts);
  zone.offsets.unshift(...head.offsets);
  zone.from = from;
}
