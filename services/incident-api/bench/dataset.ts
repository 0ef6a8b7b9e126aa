/**
 * The million-row queue: template incidents (walked through the API) copied and shifted in time
 * with `insert … select from generate_series`, mostly closed, some thousands open. The open
 * rows' due time and breach are settled in JS with the service's own SLA code, as the service
 * would have settled them at their last action; everything else is plain SQL.
 */
import type pg from 'pg';
import { RISK_CATEGORIES } from '@ovms/policy';
import type { ClockEvent } from '@ovms/policy';
import type { Db } from '../src/db/client.js';
import { loadCalendar } from '../src/domain/reference/calendars.js';
import { computeSla } from '../src/domain/incidents/sla-view.js';
import type { Template, TemplateState } from './templates.js';

const DAY = 24 * 3600_000;

/** How often each state and priority occurs (weights, not percentages). */
export const OPEN_MIX: Partial<Record<TemplateState, number>> = {
  reported: 20,
  triage: 10,
  with_system: 15,
  onsite: 5,
  vendor_registered: 20,
  vendor_root_caused: 15,
  final_test: 10,
  resolved: 5,
};
export const CLOSED_MIX: Partial<Record<TemplateState, number>> = {
  closed: 60,
  guided_closed: 30,
  cancelled: 10,
};
export const PRIORITY_MIX: Record<Template['priority'], number> = { P1: 5, P2: 20, P3: 45, P4: 30 };

const ORGANISATIONS = [
  '华南区-广东',
  '华南区-广西',
  '华东区-上海',
  '华东区-江苏',
  '华东区-浙江',
  '华北区-北京',
  '华北区-河北',
  '华中区-湖北',
  '华中区-河南',
  '西南区-四川',
  '西南区-云南',
  '西北区-陕西',
  '东北区-辽宁',
  '供应商-汇丰汽车',
  '供应商-远通物流',
];
const TITLES = [
  '投标报价保存后金额显示为0',
  '招标公告页面无法打开',
  '上传投标文件超时',
  '开标时间倒计时显示错误',
  '供应商登录后提示无权限',
  '报价单导出Excel乱码',
  '评标结果页面加载缓慢',
  '短信验证码收不到',
];
const NAMES = ['张三', '李四', '王五', '赵六', '陈晨', '刘洋', '周敏', '吴磊'];

/** mulberry32: a small seeded PRNG, so that two runs load the same rows. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Template ids repeated by weight (largest remainder) into `slots` slots. */
function weightedSlots(
  templates: readonly Template[],
  mix: Partial<Record<TemplateState, number>>,
  slots: number,
): number[] {
  const weighted = templates
    .filter((t) => mix[t.state] !== undefined)
    .map((t) => ({ id: t.id, w: mix[t.state]! * PRIORITY_MIX[t.priority] }));
  const total = weighted.reduce((s, t) => s + t.w, 0);
  const shares = weighted.map((t) => ({ ...t, exact: (t.w / total) * slots }));
  const counts = shares.map((s) => ({ id: s.id, n: Math.floor(s.exact), rest: s.exact % 1 }));
  let missing = slots - counts.reduce((s, c) => s + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    c.n++;
  }
  return counts.flatMap((c) => Array<number>(c.n).fill(c.id));
}

/**
 * The shared INSERT … SELECT: `source` yields (n, template_id, at_ms, recomputed, due_at,
 * breached_at). Every column of `incidents` but the id is copied from the template (so a column
 * added by a later migration is copied too), except these, varied or shifted in time:
 */
function copiedColumns(p: (i: number) => string): Record<string, string> {
  return {
    category: `(${p(0)}::text[])[1 + r.n % cardinality(${p(0)}::text[])]`,
    title: `(${p(1)}::text[])[1 + (r.n / 3) % cardinality(${p(1)}::text[])]`,
    reporter_organisation: 'o.organisation',
    reporter_name: `(${p(3)}::text[])[1 + (r.n / 5) % cardinality(${p(3)}::text[])]`,
    external_ref: `case when r.n % 3 = 0 then 'OVMS-' || lpad(r.n::text, 8, '0') end`,
    reported_at: 't.reported_at + s.shift',
    acknowledged_at: 't.acknowledged_at + s.shift',
    due_at: 'case when r.recomputed then r.due_at end',
    breached_at: 'case when r.recomputed then r.breached_at else t.breached_at + s.shift end',
    resolved_at: 't.resolved_at + s.shift',
    closed_at: 't.closed_at + s.shift',
    workflow: `jsonb_set(jsonb_set(jsonb_set(t.workflow,
        '{reportedAt}', to_jsonb((t.workflow->>'reportedAt')::bigint + s.shift_ms)),
        '{acknowledgedAt}', coalesce(to_jsonb((t.workflow->>'acknowledgedAt')::bigint + s.shift_ms), 'null')),
        '{reporterOrganisation}', to_jsonb(o.organisation))`,
    clock_events: `(select jsonb_agg(jsonb_set(e, '{at}', to_jsonb((e->>'at')::bigint + s.shift_ms)) order by i)
         from jsonb_array_elements(t.clock_events) with ordinality x(e, i))`,
    created_at: 't.reported_at + s.shift',
    updated_at: 'to_timestamp((b.last_action_ms + s.shift_ms) / 1000.0)',
  };
}

function copyTemplatesSql(columns: readonly string[], source: string, firstParam: number) {
  const overrides = copiedColumns((i) => `$${firstParam + i}`);
  const missing = Object.keys(overrides).filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new Error(`incidents has no column ${missing.join(', ')}`);
  const p = (i: number) => `$${firstParam + i}`;
  return `
    insert into incidents (${columns.map((c) => `"${c}"`).join(', ')})
    select ${columns.map((c) => overrides[c] ?? `t."${c}"`).join(',\n      ')}
    from (${source}) r(n, template_id, at_ms, recomputed, due_at, breached_at)
    join pg_temp.bench_template b on b.id = r.template_id
    join incidents t on t.id = r.template_id
    cross join lateral (
      select r.at_ms - b.reported_ms as shift_ms,
             make_interval(secs => (r.at_ms - b.reported_ms) / 1000.0) as shift
    ) s
    cross join lateral (
      select (${p(2)}::text[])[1 + (r.n / 7) % cardinality(${p(2)}::text[])] as organisation
    ) o`;
}

const vocabulary = () => [[...RISK_CATEGORIES], TITLES, ORGANISATIONS, NAMES];

export interface DatasetPlan {
  /** Rows in `incidents` once loaded, templates included. */
  total: number;
  open: number;
  seed: number;
}

export interface DatasetSummary {
  rows: number;
  byStatus: { status: string; holder: string; rows: number }[];
  openRunning: number;
  openRunningBreached: number;
  seconds: { insert: number; indexes: number; vacuumAnalyze: number };
  tableSize: string;
  indexSizes: { name: string; size: string }[];
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/**
 * Loads the rows. Runs on one dedicated connection: foreign-key triggers are off for that
 * session only (every value comes from a template that passed them), the secondary indexes of
 * `incidents` are dropped and rebuilt from their own definitions, then VACUUM ANALYZE.
 */
export async function loadIncidents(
  client: pg.Client,
  db: Db,
  templates: readonly Template[],
  plan: DatasetPlan,
  now: number,
  closedWindow: { from: number; to: number },
): Promise<DatasetSummary> {
  const random = prng(plan.seed);
  const closedRows = plan.total - plan.open - templates.length;
  if (closedRows < 0) throw new Error('more templates and open rows than rows');

  await client.query(
    `create temp table bench_template (id int primary key, reported_ms bigint, last_action_ms bigint)`,
  );
  await client.query(
    `insert into pg_temp.bench_template select * from unnest($1::int[], $2::bigint[], $3::bigint[])`,
    [
      templates.map((t) => t.id),
      templates.map((t) => t.reportedAt),
      templates.map((t) => t.lastActionAt),
    ],
  );

  // Open rows: shifted so that their last action is in the past, settled as the service would.
  const { rows: templateRows } = await client.query<{
    id: number;
    target_ms: string;
    calendar_id: string;
    clock_events: ClockEvent[];
  }>(`select id, target_ms, calendar_id, clock_events from incidents where id = any($1)`, [
    templates.map((t) => t.id),
  ]);
  const byId = new Map(templateRows.map((r) => [r.id, r]));
  const calendars = new Map<string, Awaited<ReturnType<typeof loadCalendar>>>();
  const openSlots = weightedSlots(templates, OPEN_MIX, 1000);
  const open = {
    n: [] as number[],
    template: [] as number[],
    at: [] as number[],
    due: [] as (string | null)[],
    breached: [] as (string | null)[],
  };
  for (let i = 0; i < plan.open; i++) {
    const pick = openSlots[Math.floor(random() * openSlots.length)];
    const template = templates.find((t) => t.id === pick)!;
    const row = byId.get(template.id)!;
    if (!calendars.has(row.calendar_id)) {
      calendars.set(row.calendar_id, await loadCalendar(db, row.calendar_id));
    }
    const calendar = calendars.get(row.calendar_id)!.compiled;
    const span = template.lastActionAt - template.reportedAt;
    const latest = now - 2 * 60_000 - span;
    const at = Math.round(template.reportedAt + random() * (latest - template.reportedAt));
    const shift = at - template.reportedAt;
    const events = row.clock_events.map((e) => ({ ...e, at: e.at + shift }));
    const sla = computeSla(
      calendar,
      Number(row.target_ms),
      events,
      new Date(template.lastActionAt + shift),
    );
    open.n.push(closedRows + i + 1);
    open.template.push(template.id);
    open.at.push(at);
    open.due.push(sla.paused || sla.stopped ? null : new Date(sla.dueAt).toISOString());
    open.breached.push(
      sla.breached && sla.breachedAt !== undefined ? new Date(sla.breachedAt).toISOString() : null,
    );
  }

  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '256MB'`);
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename = 'incidents' and indexname <> 'incidents_pkey'`,
  );
  for (const { indexname } of indexes) await client.query(`drop index "${indexname}"`);

  let started = performance.now();
  // Closed rows: reported evenly over the window, in id order (ids grow with time).
  const closedSlots = weightedSlots(templates, CLOSED_MIX, 1000);
  const step = closedRows > 1 ? (closedWindow.to - closedWindow.from) / (closedRows - 1) : 0;
  const { rows: columnRows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = 'public' and table_name = 'incidents' and column_name <> 'id'
      order by ordinal_position`,
  );
  const columns = columnRows.map((c) => c.column_name);
  await client.query(
    copyTemplatesSql(
      columns,
      `select g, ($1::int[])[(1 + (g::bigint * 7919) % 1000)::int],
              $2::bigint + floor((g - 1) * $3::float8)::bigint, false, null::timestamptz, null::timestamptz
         from generate_series(1, $4::int) g`,
      5,
    ),
    [closedSlots, closedWindow.from, step, closedRows, ...vocabulary()],
  );
  await client.query(
    copyTemplatesSql(
      columns,
      `select * from unnest($1::int[], $2::int[], $3::bigint[], $4::bool[], $5::timestamptz[], $6::timestamptz[])`,
      7,
    ),
    [
      open.n,
      open.template,
      open.at,
      open.n.map(() => true),
      open.due,
      open.breached,
      ...vocabulary(),
    ],
  );
  const insertSeconds = seconds(started);

  started = performance.now();
  for (const { indexdef } of indexes) await client.query(indexdef);
  await client.query(`reset session_replication_role`);
  await client.query(`reset maintenance_work_mem`);
  const indexSeconds = seconds(started);

  started = performance.now();
  await client.query(`vacuum (analyze) incidents`);
  // Written back now, not by a checkpoint spread over the next minutes, when the reads are
  // measured: in service the table is not fresh from a bulk load.
  await client.query('checkpoint');
  const vacuumSeconds = seconds(started);

  const { rows: byStatus } = await client.query<{ status: string; holder: string; rows: string }>(
    `select status, holder_group as holder, count(*) as rows from incidents
      group by 1, 2 order by count(*) desc`,
  );
  const { rows: running } = await client.query<{ running: string; breached: string }>(
    `select count(*) filter (where due_at is not null) as running,
            count(*) filter (where due_at <= now()) as breached
       from incidents where status <> all($1)`,
    [['closed', 'cancelled']],
  );
  const { rows: sizes } = await client.query<{ name: string; size: string }>(
    `select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size
       from pg_class c join pg_index i on i.indexrelid = c.oid
      where i.indrelid = 'incidents'::regclass order by c.relname`,
  );
  const { rows: table } = await client.query<{ size: string }>(
    `select pg_size_pretty(pg_table_size('incidents')) as size`,
  );
  return {
    rows: byStatus.reduce((s, r) => s + Number(r.rows), 0),
    byStatus: byStatus.map((r) => ({ ...r, rows: Number(r.rows) })),
    openRunning: Number(running[0]!.running),
    openRunningBreached: Number(running[0]!.breached),
    seconds: { insert: insertSeconds, indexes: indexSeconds, vacuumAnalyze: vacuumSeconds },
    tableSize: table[0]!.size,
    indexSizes: sizes,
  };
}

export const DEFAULT_CLOSED_WINDOW = (now: number, campaignStart: number) => ({
  from: now - 730 * DAY,
  to: campaignStart - DAY,
});
