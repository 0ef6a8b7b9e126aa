/**
 * Where one request goes: `npx tsx --conditions=source bench/profile.ts` in services/incident-api
 * (`node --cpu-prof --conditions=source --import tsx bench/profile.ts` for a CPU profile).
 * Creates a small database of its own on the bench's PostgreSQL, then sends requests one after
 * the other through the real app in this process and counts the SQL statements each request
 * sends, by kind, from wrapped pg clients. Prints; writes nothing.
 *
 * Environment (optional): BENCH_PG_URL (as bench/run.ts), PROFILE (`create`: reports as the
 * bench sends them; `queue`: the first page of 50 after 300 reports; `detail`: one incident with
 * its timeline; `session`: who the token is, the lightest authenticated read), PROFILE_REQUESTS
 * (500), PROFILE_CONCURRENCY (1: requests in flight at once).
 */
import pg from 'pg';
import { RISK_CATEGORIES } from '@ovms/policy';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { seedReferenceData } from '../src/seed/reference.js';
import { issueToken } from '../src/domain/identity/credentials.js';
import { BENCH_RATE_LIMIT_PER_MINUTE } from './servers/announce.js';
import { ACTORS, PRIORITY_VARIANTS } from './templates.js';

const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const requests = Number(process.env.PROFILE_REQUESTS ?? 500);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 1);
const TARGETS = ['create', 'queue', 'detail', 'session'] as const;
const target = TARGETS.find((t) => t === process.env.PROFILE) ?? 'create';
const name = 'ovms_profile';
const url = new URL(adminUrl);
url.pathname = `/${name}`;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Every statement any pg client of this process sends, by its first words. */
const statements = new Map<string, number>();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
  if (text) {
    const kind = text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^(select|insert into|update|delete from) ("?[\w]+"?).*$/i, '$1 $2')
      .slice(0, 60);
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
  }
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

await admin(`drop database if exists ${name} with (force)`);
await admin(`create database ${name}`);
try {
  const database = await openDatabase({ url: url.toString() });
  const now = new Date();
  await database.db.transaction((tx) => seedReferenceData(tx, now, { passwords: false }));
  const { token } = await issueToken(
    database.db,
    {
      name: 'profile',
      personId: ACTORS.desk,
      scopes: ['incidents:read', 'incidents:report', 'incidents:act'],
      createdById: ACTORS.desk,
      expiresAt: new Date(now.getTime() + 86_400_000),
    },
    now,
  );
  const app = await buildApp({
    config: loadConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: url.toString(),
      RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
    }),
    database,
  });
  await app.ready();
  const body = (n: number) => {
    const v = PRIORITY_VARIANTS[n % PRIORITY_VARIANTS.length]!;
    return {
      channel: 'hotline_fault',
      kind: 'system_fault',
      category: RISK_CATEGORIES[n % RISK_CATEGORIES.length],
      title: `投标报价保存后金额显示为0（来电 ${n}）`,
      description: '供应商提交报价后，列表中金额显示为0。',
      symptom: v.symptom,
      scope: v.scope,
      reporter: { organisation: '华南区-广东', name: '张三', phone: '020-12345678' },
      reportedAt: new Date(Date.now() - (n % 30) * 60_000).toISOString(),
      externalRef: `OVMS-PROFILE-${n}`,
    };
  };
  const create = async (n: number) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { authorization: `Bearer ${token}` },
      payload: body(n),
    });
    if (res.statusCode !== 201) throw new Error(`HTTP ${res.statusCode} ${res.body}`);
  };
  const read = (url: string) => async () => {
    const res = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} ${res.body}`);
  };
  for (let n = 0; n < (target === 'queue' ? 300 : 50); n++) await create(n);
  const send = {
    create: (n: number) => create(1000 + n),
    queue: read('/api/v1/incidents?limit=50'),
    detail: read('/api/v1/incidents/1'),
    session: read('/api/v1/auth/session'),
  }[target];
  for (let n = 0; n < 50; n++) await send(-1 - n);
  statements.clear();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) await send(next++);
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const total = [...statements.values()].reduce((s, n) => s + n, 0);
  console.log(
    `${requests} ${target} requests, ${concurrency} at a time (app.inject): ` +
      `${(wall / requests).toFixed(2)} ms each, ` +
      `of which Node CPU ${((used.user + used.system) / 1000 / requests).toFixed(2)} ms; ` +
      `${(total / requests).toFixed(1)} statements each`,
  );
  for (const [kind, n] of [...statements].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${(n / requests).toFixed(2).padStart(6)}  ${kind}`);
  }
  await app.close();
  await database.close();
} finally {
  await admin(`drop database if exists ${name} with (force)`);
}
