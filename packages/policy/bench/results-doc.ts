/**
 * Writes the policy section of docs/benchmarks.md, between its markers, leaving the rest of the
 * file (other packages' sections) as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const START = '<!-- bench:policy:start -->';
const END = '<!-- bench:policy:end -->';

export interface ResultRow {
  operation: string;
  inputs: string;
  /** Median ns per call. */
  ours: number;
  peer?: number | undefined;
  naive?: number | undefined;
  /** Share of inputs on which the peer gives our answer. */
  agreement?: number | undefined;
  /** Peer answers that differ from ours with no 调休 day to explain it. */
  unexplained?: number | undefined;
}

export interface Results {
  date: string;
  node: string;
  machine: string;
  compileMs: number;
  rows: ResultRow[];
}

function duration(ns: number): string {
  if (ns < 1000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1000).toFixed(1)} µs`;
  return `${(ns / 1_000_000).toFixed(1)} ms`;
}

const ratio = (other: number | undefined, ours: number) =>
  other === undefined ? '—' : `${Math.round(other / ours).toLocaleString('en-US')}×`;

export function renderSection(results: Results): string {
  const table = results.rows.map((row) =>
    [
      row.operation,
      row.inputs,
      duration(row.ours),
      row.peer === undefined ? '—' : duration(row.peer),
      row.naive === undefined ? '—' : duration(row.naive),
      ratio(row.peer, row.ours),
      ratio(row.naive, row.ours),
      row.agreement === undefined ? '—' : `${Math.round(row.agreement * 100)} %`,
      row.unexplained === undefined ? '—' : String(row.unexplained),
    ].join(' | '),
  );
  const slowest = Math.max(...results.rows.map((row) => row.ours));
  const festival = results.rows.filter(
    (row) => row.inputs.includes('Spring Festival') && row.peer !== undefined,
  );
  const festivalRatios = festival.map((row) => (row.peer as number) / row.ours);
  return [
    START,
    '## @ovms/policy: working-time calendar',
    '',
    `Run ${results.date} · Node ${results.node} · ${results.machine} · \`pnpm bench\` in packages/policy.`,
    '',
    'Median ns per call over the default China calendar for 2007–2026 (Asia/Shanghai, Mon–Fri',
    '09:00–12:00 and 13:00–18:00, every official holiday and 调休 working day from `chinese-days`),',
    'on the same 1,000 seeded inputs per row for each engine (the slow engines cycle through the',
    'first ones). The naive reference is the tests’ minute-by-minute walk; its Intl answers are',
    'memoised per minute, but most inputs here visit minutes for the first time. Before timing,',
    'our answers are checked equal to the naive reference’s on the first 50 inputs of each row.',
    '',
    '| operation | inputs | @ovms/policy | dayjs-business-time | naive reference | peer ÷ ours | naive ÷ ours | peer agrees | other differences |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...table.map((line) => `| ${line} |`),
    '',
    `- Target ≤ 2 µs a call: ${slowest <= 2000 ? 'met' : 'NOT met'} (slowest row ${duration(slowest)}).`,
    `- Target ≥ 100× faster than the peer on 5-working-day spans across Spring Festival: ${
      festivalRatios.every((r) => r >= 100) ? 'met' : 'NOT met'
    } (${festivalRatios.map((r) => `${Math.round(r).toLocaleString('en-US')}×`).join(', ')}).`,
    `- Compiling the calendar and its 2007–2026 day table once: ${results.compileMs.toFixed(0)} ms.`,
    '- The peer (dayjs-business-time 1.0.4) was given the same weekly hours and every official',
    '  holiday. It cannot express 调休 working Saturdays (a business day is a weekday that is not a',
    '  holiday), time zones (it reads the process zone; the bench sets TZ=Asia/Shanghai) or pauses;',
    '  hence "peer agrees" below 100 % (checked on 200 inputs a row); "other differences" counts',
    '  the peer answers that differ from ours with no 调休 day in the span to explain it. Its diff',
    '  walks day by day and checks each day against the whole holiday list; its add walks',
    '  segment by segment.',
    END,
  ].join('\n');
}

export function writeSection(results: Results): void {
  const section = renderSection(results);
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOC, next);
}
