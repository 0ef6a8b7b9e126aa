/**
 * `pnpm bench`: the service against a bare Fastify + pg floor on the real PostgreSQL, side by
 * side in one run: creating incidents, then reading the queue with 1,000,000 incidents in the
 * table. Creates its own database, drops it at the end, and writes the figures into
 * docs/benchmarks.md (this benchmark's section only).
 *
 * Environment (all optional): BENCH_PG_URL (a database to connect to for CREATE/DROP DATABASE,
 * default postgres://postgres@127.0.0.1:5432/postgres), BENCH_DB (ovms_bench), BENCH_ROWS
 * (1000000), BENCH_OPEN (5000), BENCH_CONNECTIONS (10), BENCH_ROUNDS (2), BENCH_CREATE_ROUNDS (6),
 * BENCH_ROUND_SECONDS (5), BENCH_WARMUP_SECONDS (2), BENCH_RESULTS (docs/benchmarks.md of the repository),
 * BENCH_CODE_NOTE (a remark shown next to the measured commit), BENCH_SERVICE_NODE_FLAGS (extra
 * Node flags for the service's process, e.g. a CPU profile), BENCH_ONLY=create (for
 * iterating on the create path: only the create comparisons, printed with their backend waits;
 * the results file is left alone), BENCH_ONLY=queue (the same for the queue's first page, at
 * saturation and at the design load), BENCH_KEEP=1 (leave the database for a look with psql; drop
 * it by hand).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { RISK_CATEGORIES } from '@ovms/policy';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { seedReferenceData } from '../src/seed/reference.js';
import { issueToken } from '../src/domain/identity/credentials.js';
import {
  DEFAULT_CLOSED_WINDOW,
  loadIncidents,
  OPEN_MIX,
  CLOSED_MIX,
  PRIORITY_MIX,
} from './dataset.js';
import { explainQueue } from './explain.js';
import { compare, type Comparison, type Summary, type Target } from './load.js';
import { WaitSampler } from './waits.js';
import {
  renderSection,
  writeSection,
  cpuPerRequest,
  createRatio,
  pairedRatios,
  type BenchReport,
} from './report.js';
import { BENCH_RATE_LIMIT_PER_MINUTE, type ServerReady } from './servers/announce.js';
import {
  ACTORS,
  PRIORITY_VARIANTS,
  WalkClock,
  walkTemplates,
  type Credentials,
} from './templates.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const env = process.env;
const num = (name: string, fallback: number) => {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got ${v}`);
  return n;
};
const params = {
  adminUrl: env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DB ?? 'ovms_bench',
  rows: num('BENCH_ROWS', 1_000_000),
  open: num('BENCH_OPEN', 5_000),
  connections: num('BENCH_CONNECTIONS', 10),
  rounds: num('BENCH_ROUNDS', 2),
  // Creates are judged on a ratio, and the shared machine's speed drifts by a third within a
  // minute: more, interleaved rounds for them.
  createRounds: num('BENCH_CREATE_ROUNDS', 6),
  seconds: num('BENCH_ROUND_SECONDS', 5),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 2),
  results:
    env.BENCH_RESULTS ?? fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url)),
  seed: 20150701,
};
const TARGETS = { createRatio: 0.5, queueP99Ms: 20 };
const only = env.BENCH_ONLY ?? '';
if (!['', 'create', 'queue'].includes(only)) {
  throw new Error(`BENCH_ONLY: unset, create or queue, got ${only}`);
}
/**
 * The queue's design load, at which its latency target is judged: 1,000 open queue screens (the
 * desk, the groups, leaders and reporters of a nationwide campaign) each reloading every 10 s
 * on average — the SPA polls every 15 s and reloads at most every 300 ms on live events.
 */
const DESIGN_RATE = num('BENCH_DESIGN_RATE', 100);
/** Further fixed rates, as shares of the floor's saturated req/s: the latency curve beyond it. */
const FIXED_RATE_SHARES = [0.25, 0.5];
if (!/^[a-z_][a-z0-9_]*$/.test(params.database)) throw new Error('BENCH_DB: a plain identifier');

const databaseUrl = (() => {
  const url = new URL(params.adminUrl);
  url.pathname = `/${params.database}`;
  return url.toString();
})();

const log = (line: string) => console.log(line);
const startedAt = new Date();
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
const step = (what: string) => log(`[${elapsed()}] ${what}`);

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: params.adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// What must be undone whatever happens: child servers, connections, the bench database.
// ---------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>();
const closers: (() => Promise<unknown>)[] = [];
let databaseCreated = false;
let cleaning: Promise<void> | undefined;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      [...children].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    for (const close of closers.reverse()) await close().catch(() => {});
    if (databaseCreated && !env.BENCH_KEEP) {
      await admin((c) => c.query(`drop database if exists ${params.database} with (force)`));
      step(`dropped database ${params.database}`);
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    cleanUp().finally(() => process.exit(130));
  });
}

const serverPids = new Map<'service' | 'floor', number>();

/** How a bench server's connections name themselves to PostgreSQL (pg reads PGAPPNAME). */
const applicationName = (server: 'service' | 'floor') => `ovms-bench-${server}`;

/** Starts a bench server (bench/servers/<name>.ts) in its own process; resolves with its URL. */
function startServer(name: 'service' | 'floor'): Promise<string> {
  const child = fork(fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url)), [], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    execArgv: [
      '--conditions=source',
      '--import',
      import.meta.resolve('tsx'),
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile of the service under the bench's load
      ...(name === 'service'
        ? (env.BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean)
        : []),
    ],
    env: { ...env, BENCH_DATABASE_URL: databaseUrl, PGAPPNAME: applicationName(name) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  if (child.pid !== undefined) serverPids.set(name, child.pid);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(`http://127.0.0.1:${(m as ServerReady).port}`));
    child.once('exit', (code) =>
      reject(new Error(`${name} server exited (${code}) before listening`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------

const REGIONS = ['华南区-广东', '华东区-上海', '华北区-北京', '西南区-四川', '华中区-湖北'];

/** A report as the desk logs a hotline call; every request a different one. */
function reportBodies() {
  let n = 0;
  return () => {
    n++;
    const v = PRIORITY_VARIANTS[n % PRIORITY_VARIANTS.length]!;
    return JSON.stringify({
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: RISK_CATEGORIES[n % RISK_CATEGORIES.length],
      title: `投标报价保存后金额显示为0（来电 ${n}）`,
      description: '供应商提交报价后，列表中金额显示为0。',
      symptom: v.symptom,
      scope: v.scope,
      reporter: { organisation: REGIONS[n % REGIONS.length], name: '张三', phone: '020-12345678' },
      reportedAt: new Date(Date.now() - (n % 30) * 60_000).toISOString(),
      externalRef: `OVMS-BENCH-${n}`,
    });
  };
}

async function expectOk(url: string, init: RequestInit, check: (body: unknown) => string | null) {
  const res = await fetch(url, init);
  const body = (await res.json()) as unknown;
  const problem = res.ok ? check(body) : `HTTP ${res.status} ${JSON.stringify(body)}`;
  if (problem) throw new Error(`sanity check ${init.method ?? 'GET'} ${url}: ${problem}`);
}

function gitDescription() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--', 'services/incident-api/src', 'packages/policy/src'],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('../../..', import.meta.url)) },
    )
      .split('\n')
      .filter(Boolean).length;
    return dirty === 0 ? head : `${head} + ${dirty} uncommitted file(s) in the measured sources`;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const cpus = os.cpus();
  step(
    `incident-api bench: ${params.rows.toLocaleString('en-US')} incidents, ` +
      `${params.connections} connections, ${params.rounds} × ${params.seconds} s per target`,
  );

  await admin(async (c) => {
    await c.query(`drop database if exists ${params.database} with (force)`);
    await c.query(`create database ${params.database}`);
  });
  databaseCreated = true;
  const database: Database = await openDatabase({ url: databaseUrl });
  closers.push(() => database.close());
  const seedNow = Date.now();
  await database.db.transaction((tx) =>
    seedReferenceData(tx, new Date(seedNow), { passwords: false }),
  );
  // An API token per acting person, as OVMS or a script would call the API.
  const credentials = {} as Credentials;
  for (const [role, personId] of Object.entries(ACTORS) as [keyof typeof ACTORS, string][]) {
    const { token } = await issueToken(
      database.db,
      {
        name: 'bench',
        personId,
        scopes: ['incidents:read', 'incidents:report', 'incidents:act'],
        createdById: personId,
        expiresAt: new Date(seedNow + DAY),
      },
      new Date(seedNow),
    );
    credentials[role] = { authorization: `Bearer ${token}` };
  }
  // seedReferenceData's default campaign window: from 3 days before the seeding day.
  const campaignStart = seedNow - 3 * DAY;
  step(`database ${params.database} migrated and seeded`);

  const clock = new WalkClock();
  const walker = await buildApp({
    config: loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
    }),
    database,
    now: clock.now,
  });
  await walker.ready();
  const templates = await walkTemplates(
    walker,
    clock,
    {
      openAt: seedNow - 70 * HOUR,
      closedAt: campaignStart - 40 * DAY,
    },
    credentials,
  );
  await walker.close();
  step(`${templates.length} template incidents walked through the API`);

  const loader = new pg.Client({ connectionString: databaseUrl });
  // A failed run drops the database under open connections: that is expected then, not a crash.
  loader.on('error', () => {});
  await loader.connect();
  let loaderOpen = true;
  const endLoader = async () => {
    if (!loaderOpen) return;
    loaderOpen = false;
    await loader.end();
  };
  closers.push(endLoader);
  const dataset = await loadIncidents(
    loader,
    database.db,
    templates,
    { total: params.rows, open: params.open, seed: params.seed },
    Date.now(),
    DEFAULT_CLOSED_WINDOW(Date.now(), campaignStart),
  );
  await endLoader();
  step(
    `${dataset.rows.toLocaleString('en-US')} incidents loaded (insert ${dataset.seconds.insert} s, ` +
      `indexes ${dataset.seconds.indexes} s, vacuum analyze ${dataset.seconds.vacuumAnalyze} s)`,
  );

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {});
  closers.push(() => pool.end());
  const now = new Date();
  const firstPage = await explainQueue(pool, 'Queue, first page', {}, now);
  const plans = [
    firstPage,
    await explainQueue(pool, 'Queue, holder = vendor', { holder: 'vendor' }, now),
    await explainQueue(pool, 'Queue, second page (cursor)', { cursor: firstPage.nextCursor! }, now),
  ];
  const tailCursor = Buffer.from(JSON.stringify({ due: null, id: 0 })).toString('base64url');
  plans.push(
    await explainQueue(
      pool,
      'Queue, the paused and resolved tail (cursor at due = infinity)',
      { cursor: tailCursor },
      now,
    ),
  );
  const cursor = firstPage.nextCursor!;
  const keyset = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
    due: string | null;
    id: number;
  };
  step('queue queries explained');

  const [serviceUrl, floorUrl] = await Promise.all([startServer('service'), startServer('floor')]);
  step(`servers up: service ${serviceUrl}, floor ${floorUrl}`);

  const actor = credentials.desk;
  const json = { 'content-type': 'application/json' };
  const pageOf50 = (body: unknown) => {
    const items = (body as { items?: unknown[] }).items;
    return items?.length === 50 ? null : `expected 50 items, got ${items?.length}`;
  };
  const queueScenarios = [
    { name: 'Queue, first page', service: '/api/v1/incidents?limit=50', floor: '/incidents' },
    {
      name: 'Queue, holder = vendor',
      service: '/api/v1/incidents?limit=50&holder=vendor',
      floor: '/incidents?holder=vendor',
    },
    {
      name: 'Queue, second page (cursor)',
      service: `/api/v1/incidents?limit=50&cursor=${cursor}`,
      floor: `/incidents?afterDue=${encodeURIComponent(keyset.due ?? 'infinity')}&afterId=${keyset.id}`,
    },
  ];
  for (const s of queueScenarios) {
    await expectOk(serviceUrl + s.service, { headers: actor }, pageOf50);
    await expectOk(floorUrl + s.floor, {}, pageOf50);
  }
  const created = (body: unknown) =>
    typeof (body as { id?: unknown }).id === 'number' ? null : 'no id';
  const sample = reportBodies()();
  await expectOk(
    `${serviceUrl}/api/v1/incidents`,
    { method: 'POST', headers: { ...actor, ...json }, body: sample },
    created,
  );
  await expectOk(`${floorUrl}/incidents`, { method: 'POST', headers: json, body: sample }, created);
  step('sanity checks passed (pages of 50, 201 on create)');

  const loadOptions = {
    connections: params.connections,
    seconds: params.seconds,
    rounds: params.rounds,
    warmupSeconds: params.warmupSeconds,
  };
  const queueTargets = queueScenarios.map((s) => ({
    name: s.name,
    query: s.service.replace(/cursor=.*/, 'cursor=<nextCursor of page 1>'),
    service: {
      label: `service GET ${s.service.replace(/cursor=.*/, 'cursor=…')}`,
      baseUrl: serviceUrl,
      method: 'GET',
      path: s.service,
      headers: actor,
    } satisfies Target,
    floor: {
      label: `floor GET ${s.floor.replace(/afterDue=.*/, 'afterDue=…&afterId=…')}`,
      baseUrl: floorUrl,
      method: 'GET',
      path: s.floor,
      headers: {},
    } satisfies Target,
  }));
  const createTargets = {
    service: {
      label: 'service POST /api/v1/incidents',
      baseUrl: serviceUrl,
      method: 'POST',
      path: '/api/v1/incidents',
      headers: { ...actor, ...json },
    } satisfies Target,
    floor: {
      label: 'floor POST /incidents (one INSERT)',
      baseUrl: floorUrl,
      method: 'POST',
      path: '/incidents',
      headers: json,
    } satisfies Target,
  };

  // Reads first, so that they see exactly the loaded table; creates add rows afterwards.
  // Diagnostics use one connection, no queueing: what one request costs end to end.
  const sampler = new WaitSampler(pool, params.database);
  const sampled =
    (name: string) =>
    <T>(which: 'service' | 'floor', round: () => Promise<T>) =>
      sampler.during(`${name}: ${which}`, applicationName(which), serverPids.get(which), round);
  const measureCreates = () => {
    step('Creating incidents');
    return compare(
      'Create',
      { ...createTargets.service, body: reportBodies() },
      { ...createTargets.floor, body: reportBodies() },
      { ...loadOptions, rounds: params.createRounds },
      log,
      sampled('Create'),
    );
  };
  /** CPU a request on each side of a sampled comparison (BENCH_ONLY runs), with its waits. */
  const logCpu = (name: string, c: Comparison, options: { waits: boolean }) => {
    for (const which of ['service', 'floor'] as const) {
      const profile = sampler.profile(`${name}: ${which}`);
      const rate = c[which].requestsPerSecond;
      log(
        `  ${which}: CPU a request ${cpuPerRequest(profile.serverCores, rate)} ms in its process, ` +
          `${cpuPerRequest(profile.postgresCores, rate)} ms in PostgreSQL` +
          (options.waits ? `; ${JSON.stringify(profile)}` : ''),
      );
    }
  };
  if (only === 'create') {
    const create = await measureCreates();
    const ratio = createRatio(create);
    for (const s of [create.service, create.floor]) log(summary(s.label, s));
    logCpu('Create', create, { waits: true });
    const paired = pairedRatios(create);
    log(
      `\nCreate: ${(ratio * 100).toFixed(1)} % of the floor; round pairs ${(paired.min * 100).toFixed(0)}–` +
        `${(paired.max * 100).toFixed(0)} %, median ${(paired.median * 100).toFixed(1)} % (results file not written)`,
    );
    await cleanUp();
    return;
  }

  if (only === 'queue') {
    // The first page at saturation, with CPU per request on each side, then at the design load.
    const t = queueTargets[0]!;
    step(t.name);
    const c = await compare(t.name, t.service, t.floor, loadOptions, log, sampled(t.name));
    for (const s of [c.service, c.floor]) log(summary(s.label, s));
    logCpu(t.name, c, { waits: false });
    // Then where the target is judged: the design load.
    step(`${t.name}, fixed rate ${DESIGN_RATE} req/s`);
    const design = await compare(
      `Queue first page at ${DESIGN_RATE} req/s`,
      { ...t.service },
      { ...t.floor },
      { ...loadOptions, rate: DESIGN_RATE },
      log,
    );
    for (const s of [design.service, design.floor]) log(summary(s.label, s));
    await cleanUp();
    return;
  }

  const queue = [];
  for (const [i, t] of queueTargets.entries()) {
    step(t.name);
    const comparison = await compare(
      t.name,
      t.service,
      t.floor,
      loadOptions,
      log,
      i === 0 ? sampled(t.name) : undefined,
    );
    queue.push({ comparison, query: t.query });
  }

  // Latency at saturation is mostly queueing (10 connections on 2 cores shared by the server,
  // PostgreSQL and this load generator): the endpoint's own latency is measured at fixed arrival
  // rates below saturation, the same for service and floor — the design load (where the target
  // is judged), then a quarter and a half of the floor's saturated rate on the first page.
  const floorSaturated = queue[0]!.comparison.floor.requestsPerSecond;
  const fixedRates = [
    ...new Set([
      DESIGN_RATE,
      ...FIXED_RATE_SHARES.map((share) => Math.max(1, Math.round(floorSaturated * share))),
    ]),
  ].sort((a, b) => a - b);
  const queueAtRates: { comparison: Comparison; rate: number }[] = [];
  for (const rate of fixedRates) {
    step(`Queue, first page, fixed rate ${rate} req/s`);
    queueAtRates.push({
      rate,
      comparison: await compare(
        `Queue first page at ${rate} req/s`,
        { ...queueTargets[0]!.service },
        { ...queueTargets[0]!.floor },
        { ...loadOptions, rate },
        log,
      ),
    });
  }
  const queueAtDesign = queueAtRates.find((q) => q.rate === DESIGN_RATE)!.comparison;
  // The same rate at endpoints that touch no database (the service's liveness, the floor's
  // ping): the latency tail this machine and the load generator add by themselves.
  step(`No database, fixed rate ${DESIGN_RATE} req/s`);
  const noDatabase = await compare(
    `No database at ${DESIGN_RATE} req/s`,
    {
      label: 'service GET /healthz',
      baseUrl: serviceUrl,
      method: 'GET',
      path: '/healthz',
      headers: {},
    },
    { label: 'floor GET /ping', baseUrl: floorUrl, method: 'GET', path: '/ping', headers: {} },
    { ...loadOptions, rate: DESIGN_RATE },
    log,
  );

  const single = { ...loadOptions, connections: 1 };
  const diagnostics = [];
  step('Queue, first page, 1 connection');
  diagnostics.push(
    await compare(
      'Queue first page, 1 connection',
      { ...queueTargets[0]!.service },
      { ...queueTargets[0]!.floor },
      single,
      log,
    ),
  );

  const create = await measureCreates();

  step('Creating incidents, 1 connection');
  diagnostics.push(
    await compare(
      'Create, 1 connection',
      { ...createTargets.service, body: reportBodies() },
      { ...createTargets.floor, body: reportBodies() },
      single,
      log,
    ),
  );

  const { rows: settings } = await pool.query<{
    name: string;
    setting: string;
    unit: string | null;
  }>(
    `select name, current_setting(name) as setting, null as unit from pg_settings
      where name in ('server_version', 'shared_buffers', 'work_mem', 'effective_cache_size',
                     'random_page_cost', 'jit', 'synchronous_commit', 'max_connections')
      order by name`,
  );
  const setting = (name: string) => {
    const s = settings.find((x) => x.name === name);
    return s ? `${s.setting}${s.unit ? ` ${s.unit}` : ''}` : '?';
  };
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date(),
    environment: [
      ['Date', startedAt.toISOString()],
      ['Node', process.version],
      ['CPU', `${cpus[0]?.model.trim() ?? '?'} × ${cpus.length} cores (${os.arch()})`],
      ['Memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
      ['Load average at start / end (1 min)', `${loadAtStart} / ${os.loadavg()[0]!.toFixed(2)}`],
      ['PostgreSQL', `${setting('server_version')} at ${new URL(params.adminUrl).host}`],
      [
        'PostgreSQL settings',
        [
          'shared_buffers',
          'work_mem',
          'effective_cache_size',
          'random_page_cost',
          'jit',
          'synchronous_commit',
        ]
          .map((n) => `${n} ${setting(n)}`)
          .join(', '),
      ],
      [
        'Code measured',
        gitDescription() + (env.BENCH_CODE_NOTE ? ` (${env.BENCH_CODE_NOTE})` : ''),
      ],
    ],
    parameters: [
      `autocannon 9, programmatic, in the bench process; ${params.connections} connections, pipelining 1.`,
      `Each target: warm-up ${params.warmupSeconds} s (not counted), then ${params.rounds} rounds of ${params.seconds} s ` +
        `(creates: ${params.createRounds} rounds, since their target is a ratio and the shared machine's speed drifts), ` +
        'service and floor alternating (floor first in odd rounds, service first in even ones); ' +
        "figures pool every round of a target. Latency from autocannon's per-response timer (hrtime).",
      'Service: `buildApp` (src/app.ts) + `loadConfig` (LOG_LEVEL silent) in its own Node process, ' +
        'on 127.0.0.1, ephemeral port; pool of 10 (src/db/client.ts). Every request carries an API ' +
        `token of ${ACTORS.desk} (the desk; scopes incidents:read, :report, :act), so authentication ` +
        'is on the path, reads included; the per-person rate limit runs but is set to ' +
        `${BENCH_RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}/min so that it never answers 429.`,
      'Floor: bare Fastify 5 + pg in its own Node process, pool of 10, same table: create = one ' +
        'INSERT … RETURNING id into `incidents` (same indexes and foreign keys), reply `{id}`; queue = ' +
        "one SELECT * with the service's WHERE (open statuses, holder, keyset) and ORDER BY " +
        "(coalesce(due_at, 'infinity'), id) LIMIT 51, rows sent as JSON.",
      'Create body: a desk report of a hotline fault call as in test/incident-flow.test.ts, varied ' +
        'per request (priority P1–P4 via symptom × scope, category, region, title, externalRef, ' +
        'reportedAt up to 30 min ago); no Idempotency-Key. The same bodies go to the floor.',
      `Table: ${params.rows.toLocaleString('en-US')} incidents: ${templates.length} templates walked ` +
        `through the API to each workflow state × P1–P4, copied by \`insert … select from generate_series\` ` +
        `with their times shifted: ${params.open.toLocaleString('en-US')} open (reported over the last ~3 days ` +
        `inside the seeded campaign, mix ${JSON.stringify(OPEN_MIX)}; due time and breach settled by the ` +
        "service's SLA code at their last action), the rest closed over two years before it " +
        `(mix ${JSON.stringify(CLOSED_MIX)}); priorities ${JSON.stringify(PRIORITY_MIX)}. Timelines ` +
        '(incident_events) are not copied: the queue does not read them. Then VACUUM ANALYZE.',
      `Fixed rates: the first page again at ${fixedRates.join(', ')} req/s — the design load of ` +
        `${DESIGN_RATE} req/s (1,000 open queue screens each reloading every 10 s on average: the SPA ` +
        'polls every 15 s and reloads at most every 300 ms on live events), then 25 % and 50 % of the ' +
        "floor's saturated req/s on that page in this run — the same rates for service and floor: " +
        'requests sent at evenly spaced instants by the bench itself over at most ' +
        `${params.connections} kept-alive connections (node:http), whether or not earlier ones ` +
        'have been answered; latency counts from the instant a request was due, waits for a free ' +
        "connection included (autocannon's overallRate sends each second's share in a burst, " +
        'which queues like saturation). Warm-up and rounds as above. Then the same sender at the ' +
        "design load against endpoints that touch no database (the service's /healthz, the " +
        "floor's /ping): the latency this machine and the load generator add by themselves.",
      'Order: reads (first page, holder = vendor, second page by cursor; then the first page at the ' +
        'fixed rates, the no-database endpoints, and the first page from one connection), then ' +
        'creates (10 connections, then one): the reads see exactly the loaded table.',
      `Targets: create ≥ ${TARGETS.createRatio * 100} % of the floor's req/s at saturation; queue ` +
        `page p99 ≤ ${TARGETS.queueP99Ms} ms, judged at the design load of ${DESIGN_RATE} req/s (the ` +
        'higher rates and the saturated figures stay in the tables).',
    ],
    create,
    queue,
    queueAtRates,
    noDatabase,
    designRate: DESIGN_RATE,
    diagnostics,
    dataset,
    plans,
    waits: (
      [
        [`${queueTargets[0]!.name}: service`, queue[0]!.comparison.service],
        [`${queueTargets[0]!.name}: floor`, queue[0]!.comparison.floor],
        ['Create: service', create.service],
        ['Create: floor', create.floor],
      ] as const
    ).map(([label, summary]) => ({
      label,
      profile: sampler.profile(label),
      requestsPerSecond: summary.requestsPerSecond,
    })),
    targets: TARGETS,
  };

  await cleanUp();
  report.finishedAt = new Date();
  writeSection(params.results, renderSection(report));

  log('\nSummary');
  for (const c of [create, ...queue.map((q) => q.comparison)]) {
    log(summary(c.service.label, c.service));
    log(summary(c.floor.label, c.floor));
  }
  const ratio = createRatio(create);
  const p99 = queueAtDesign.service.p99;
  log(
    `\nCreate: ${(ratio * 100).toFixed(1)} % of the floor (target ≥ ${TARGETS.createRatio * 100} %): ${ratio >= TARGETS.createRatio ? 'met' : 'MISSED'}`,
  );
  log(
    `Queue page p99 at ${DESIGN_RATE} req/s: ${p99.toFixed(2)} ms (target ≤ ${TARGETS.queueP99Ms} ms): ${p99 <= TARGETS.queueP99Ms ? 'met' : 'MISSED'}` +
      ` (saturated: ${queue[0]!.comparison.service.p99.toFixed(2)} ms)`,
  );
  log(`Results written to ${params.results}`);
}

function summary(label: string, s: Summary) {
  return (
    `  ${label.padEnd(60)} ${s.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(2).padStart(7)} ms  p99 ${s.p99.toFixed(2).padStart(7)} ms` +
    (s.non2xx + s.errors ? `  non-2xx ${s.non2xx} errors ${s.errors}` : '')
  );
}

const loadAtStart = os.loadavg()[0]!.toFixed(2);

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
