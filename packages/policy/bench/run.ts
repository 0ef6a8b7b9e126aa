/**
 * Working-time calendar benchmark: median ns per call of add and between over the default China
 * calendar for 2007–2026 (every official holiday and 调休 day), against dayjs-business-time (the
 * peer) and the naive minute-by-minute reference of the tests, on the same inputs. Writes the
 * policy section of docs/benchmarks.md.
 *
 * Run: `pnpm bench` in packages/policy.
 */
// The peer reads wall-clock time in the process zone; ours never does. Set before any Date use.
process.env.TZ = 'Asia/Shanghai';

import os from 'node:os';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import dayjsBusinessTime from 'dayjs-business-time';
import { Bench } from 'tinybench';
import {
  addWorkingTime,
  chinaOfficialExceptions,
  compileCalendar,
  defaultCalendarDefinition,
  workingTimeBetween,
} from '../src/calendar/index.js';
import { HOUR, MINUTE } from '../src/model.js';
import type { Instant } from '../src/model.js';
import { naiveCalendar } from '../test/support/calendar-reference.js';
import { writeSection } from './results-doc.js';
import type { ResultRow } from './results-doc.js';

const YEARS = Array.from({ length: 20 }, (_, i) => 2007 + i);
const definition = defaultCalendarDefinition(YEARS);
const compileStarted = performance.now();
const calendar = compileCalendar(definition);
// The first query compiles the day table; cover all 20 years now so the runs measure queries only.
workingTimeBetween(
  calendar,
  Date.parse('2007-01-01T00:00+08:00'),
  Date.parse('2027-01-01T00:00+08:00'),
);
const compileMs = performance.now() - compileStarted;
const naive = naiveCalendar(definition);

dayjs.extend(dayjsBusinessTime);
const officialHolidays = chinaOfficialExceptions(YEARS).exceptions.filter(
  (e) => e.kind === 'holiday',
);
dayjs.setHolidays(officialHolidays.map((holiday) => holiday.date));
const workday = [
  { start: '09:00:00', end: '12:00:00' },
  { start: '13:00:00', end: '18:00:00' },
];
dayjs.setBusinessTime({
  monday: workday,
  tuesday: workday,
  wednesday: workday,
  thursday: workday,
  friday: workday,
  saturday: null,
  sunday: null,
});

/** A small seeded generator, so every run measures the same inputs. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
const random = seeded(20_260_213);
const minuteBetween = (from: Instant, to: Instant) =>
  from + Math.floor((random() * (to - from)) / MINUTE) * MINUTE;

const FIRST = Date.parse('2007-01-01T00:00+08:00');
const LAST = Date.parse('2026-12-01T00:00+08:00');
/** First holiday of each Spring Festival, 2007–2026. */
const festivalStarts = YEARS.map((year) => {
  const first = officialHolidays.find(
    (h) => h.date.startsWith(`${year}-0`) && h.name?.startsWith('春节') === true,
  );
  if (first === undefined) throw new Error(`no Spring Festival in ${year}`);
  return Date.parse(`${first.date}T00:00+08:00`);
});

const FIVE_DAYS = 5 * calendar.nominalDayMs;
const INPUTS = 1000;
const randomStarts = Array.from({ length: INPUTS }, () => minuteBetween(FIRST, LAST));
/** Starts in the five days before a festival, so five working days run across it. */
const festivalEves = Array.from({ length: INPUTS }, (_, i) => {
  const festival = festivalStarts[i % festivalStarts.length] as Instant;
  return minuteBetween(festival - 5 * 24 * HOUR, festival);
});

interface Span {
  from: Instant;
  to: Instant;
}
interface Row {
  operation: string;
  inputs: string;
  /** The i-th input as a span; for add, `to` is undefined (the answer ends it). */
  input: (i: number) => { from: Instant; to?: Instant };
  /** Ours, the peer (dayjs objects prepared outside the timing) and the naive reference. */
  ours: (i: number) => number;
  peer?: (i: number) => number;
  naive?: (i: number) => number;
}

const randomSpans: Span[] = randomStarts.map((from) => ({
  from,
  to: from + Math.floor(random() * 30 * 24 * 60) * MINUTE,
}));
const festivalSpans: Span[] = festivalEves.map((from) => ({
  from,
  to: addWorkingTime(calendar, from, FIVE_DAYS),
}));
/** Unsorted and overlapping, one reaching past the span: a waiting-on-reporter pattern. */
const festivalPauses = festivalSpans.map(({ from, to }) => {
  const third = Math.floor((to - from) / 3 / MINUTE) * MINUTE;
  return [
    { start: from + third, end: from + 2 * third },
    { start: from, end: from + 2 * HOUR },
    { start: from + HOUR, end: from + 3 * HOUR },
    { start: to - HOUR, end: to + HOUR },
  ];
});
const twentyYears: Span = { from: FIRST, to: Date.parse('2027-01-01T00:00+08:00') };
const peerStarts = randomStarts.map((instant) => dayjs(instant));
const peerEves = festivalEves.map((instant) => dayjs(instant));
const peerSpan = (spans: Span[]): [Dayjs, Dayjs][] =>
  spans.map(({ from, to }) => [dayjs(from), dayjs(to)]);
const peerRandomSpans = peerSpan(randomSpans);
const peerFestivalSpans = peerSpan(festivalSpans);
const [peerTwentyYears] = peerSpan([twentyYears]) as [[Dayjs, Dayjs]];
const NAIVE_WALK = 60 * 24 * 60;

const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const rows: Row[] = [
  {
    operation: 'add 4 working hours',
    inputs: 'random starts 2007–2026',
    input: (i) => ({ from: at(randomStarts, i) }),
    ours: (i) => addWorkingTime(calendar, at(randomStarts, i), 4 * HOUR),
    peer: (i) => at(peerStarts, i).addBusinessMinutes(240).valueOf(),
    naive: (i) => naive.add(at(randomStarts, i), 4 * HOUR, [], NAIVE_WALK) as number,
  },
  {
    operation: 'add 5 working days (40 h)',
    inputs: 'starts in the 5 days before Spring Festival',
    input: (i) => ({ from: at(festivalEves, i) }),
    ours: (i) => addWorkingTime(calendar, at(festivalEves, i), FIVE_DAYS),
    peer: (i) =>
      at(peerEves, i)
        .addBusinessMinutes(FIVE_DAYS / MINUTE)
        .valueOf(),
    naive: (i) => naive.add(at(festivalEves, i), FIVE_DAYS, [], NAIVE_WALK) as number,
  },
  {
    operation: 'between',
    inputs: 'random spans up to 30 days',
    input: (i) => at(randomSpans, i),
    ours: (i) => workingTimeBetween(calendar, at(randomSpans, i).from, at(randomSpans, i).to),
    peer: (i) => at(peerRandomSpans, i)[0].businessMinutesDiff(at(peerRandomSpans, i)[1]) * MINUTE,
    naive: (i) => naive.between(at(randomSpans, i).from, at(randomSpans, i).to),
  },
  {
    operation: 'between',
    inputs: '5-working-day spans across Spring Festival',
    input: (i) => at(festivalSpans, i),
    ours: (i) => workingTimeBetween(calendar, at(festivalSpans, i).from, at(festivalSpans, i).to),
    peer: (i) =>
      at(peerFestivalSpans, i)[0].businessMinutesDiff(at(peerFestivalSpans, i)[1]) * MINUTE,
    naive: (i) => naive.between(at(festivalSpans, i).from, at(festivalSpans, i).to),
  },
  {
    operation: 'between, 4 pauses',
    inputs: '5-working-day spans across Spring Festival',
    input: (i) => at(festivalSpans, i),
    ours: (i) => {
      const { from, to } = at(festivalSpans, i);
      return workingTimeBetween(calendar, from, to, at(festivalPauses, i));
    },
    naive: (i) => {
      const { from, to } = at(festivalSpans, i);
      return naive.between(from, to, at(festivalPauses, i));
    },
  },
  {
    operation: 'between',
    inputs: 'the whole 20 years',
    input: () => twentyYears,
    ours: () => workingTimeBetween(calendar, twentyYears.from, twentyYears.to),
    peer: () => peerTwentyYears[0].businessMinutesDiff(peerTwentyYears[1]) * MINUTE,
  },
];

/** Median ns per call: each benchmark iteration runs `batch` calls over the inputs. */
async function medianNsPerCall(
  name: string,
  call: (i: number) => number,
  batch: number,
  time: number,
): Promise<number> {
  let next = 0;
  let sink = 0;
  const bench = new Bench({ time, iterations: 3, warmupIterations: 2, throws: true });
  bench.add(name, () => {
    for (let k = 0; k < batch; k++) sink += call(next++);
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result?.state !== 'completed' || Number.isNaN(sink)) throw new Error(`${name} failed`);
  return (result.latency.p50 * 1e6) / batch;
}

const adjustedWorkdays = chinaOfficialExceptions(YEARS)
  .exceptions.filter((e) => e.kind === 'workday')
  .map((e) => Date.parse(`${e.date}T00:00+08:00`));

/**
 * How often the peer gives our answer, and how many of its other answers a 调休 working day
 * (which it cannot express) between the start and the later answer does not explain.
 */
function peerAgreement(row: Row, count: number): { agreement: number; unexplained: number } {
  let same = 0;
  let unexplained = 0;
  for (let i = 0; i < count; i++) {
    const [peer, ours] = [row.peer?.(i) as number, row.ours(i)];
    if (peer === ours) {
      same++;
      continue;
    }
    const { from, to = Math.max(peer, ours) } = row.input(i);
    if (!adjustedWorkdays.some((day) => day + 24 * HOUR > from && day < to)) unexplained++;
  }
  return { agreement: same / count, unexplained };
}

const measured: ResultRow[] = [];
for (const row of rows) {
  const whole = row.inputs === 'the whole 20 years';
  for (let i = 0; row.naive !== undefined && i < 50; i++) {
    if (row.naive(i) !== row.ours(i))
      throw new Error(`naive and ours differ: ${row.operation} #${i}`);
  }
  const result: ResultRow = {
    operation: row.operation,
    inputs: row.inputs,
    ours: await medianNsPerCall('ours', row.ours, INPUTS, 500),
  };
  if (row.peer !== undefined) {
    result.peer = await medianNsPerCall('peer', row.peer, whole ? 1 : 50, 2000);
    Object.assign(result, peerAgreement(row, whole ? 1 : 200));
  }
  if (row.naive !== undefined) result.naive = await medianNsPerCall('naive', row.naive, 20, 2000);
  measured.push(result);
  console.log(JSON.stringify(result));
}

writeSection({
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`,
  compileMs,
  rows: measured,
});
