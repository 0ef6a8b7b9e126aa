/**
 * The audit trail as a hash chain: writes through the API append entries that the sealer chains
 * into a valid chain (also when many arrive at once, and when transactions commit out of id
 * order), the hash is the documented canonical form, values survive the jsonb round trip, and the
 * database refuses to update, delete or truncate entries and seals.
 */
import { createHash } from 'node:crypto';
import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, auditSeals, auditUnsealed } from '../src/db/schema.js';
import {
  GENESIS_HASH,
  recordAudit,
  sealAuditTrail,
  startAuditSealer,
  verifyAuditChain,
} from '../src/domain/audit.js';
import { canonicalJson, type JsonValue } from '../src/lib/canonical-json.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00' });
});
afterAll(() => t.close());

const report = (title: string) => ({
  channel: 'web',
  kind: 'system_fault',
  title,
  description: '点击竞价后白屏',
  symptom: 'unusable',
  scope: 'one',
  reporter: { organisation: '华南区-广东', name: '李四' },
});

async function reportIncident(title = '竞价页面无法打开'): Promise<number> {
  const res = await t.api.post('/api/v1/incidents').set(t.auth(AS.desk)).send(report(title));
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const verify = async () =>
  (await t.api.get('/api/v1/audit/verify').set(t.auth(AS.leaders)).expect(200)).body;

const entryCount = async () => (await t.database.db.select({ n: count() }).from(auditLog))[0]!.n;

/** Entries with their seals, in chain order (after sealing what is committed). */
async function chain() {
  await sealAuditTrail(t.database.db);
  return t.database.db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorId: auditLog.actorId,
      credential: auditLog.credential,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      requestId: auditLog.requestId,
      seq: auditSeals.seq,
      prevHash: auditSeals.prevHash,
      hash: auditSeals.hash,
    })
    .from(auditSeals)
    .innerJoin(auditLog, eq(auditLog.id, auditSeals.auditId))
    .orderBy(asc(auditSeals.seq));
}

/** The database error behind drizzle's wrapper. */
async function databaseError(statement: Promise<unknown>) {
  const error = await statement.then(
    () => undefined,
    (e: unknown) => e as { cause?: { message: string; code?: string } },
  );
  expect(error, 'the statement was not refused').toBeDefined();
  return error!.cause!;
}

describe('the chain written through the API', () => {
  it('is valid after reports, actions and comments, one entry per write in seq order', async () => {
    const id = await reportIncident();
    await t.api
      .post(`/api/v1/incidents/${id}/actions`)
      .set(t.auth(AS.desk))
      .send({ type: 'acknowledge' })
      .expect(200);
    await t.api
      .post(`/api/v1/incidents/${id}/comments`)
      .set(t.auth(AS.desk))
      .send({ text: '已联系报告人' })
      .expect(201);
    const rows = await chain();
    expect(rows.map((r) => r.action)).toEqual([
      'incident.report',
      'incident.acknowledge',
      'incident.comment',
    ]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect(rows[0]).toMatchObject({
      actorId: AS.desk,
      credential: expect.stringMatching(/^token:/),
      entity: 'incident',
      entityId: String(id),
    });
    expect(rows[0]!.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(await verify()).toEqual({
      ok: true,
      checked: 3,
      head: { seq: 3, hash: rows[2]!.hash },
      unsealed: 0,
    });
  });

  it('hashes sha256(prev_hash + "\\n" + JCS of the entry), recomputable from the raw row', async () => {
    const result = await t.database.db.execute(sql`
      select s.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
        a.actor_id, a.credential, a.action, a.entity, a.entity_id, a.before::text as before,
        a.after::text as after, a.request_id, s.prev_hash, s.hash
      from audit_seals s join audit_log a on a.id = s.audit_id where s.seq = 2`);
    const raw = (result as unknown as { rows: Record<string, string | null>[] }).rows[0]!;
    const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as JsonValue));
    const canonical = canonicalJson({
      seq: Number(raw.seq),
      at: raw.at!,
      actor_id: raw.actor_id!,
      credential: raw.credential!,
      action: raw.action!,
      entity: raw.entity!,
      entity_id: raw.entity_id!,
      before: parse(raw.before!),
      after: parse(raw.after!),
      request_id: raw.request_id!,
    });
    expect(canonical.startsWith('{"action":"incident.acknowledge","actor_id":')).toBe(true);
    expect(canonical).toMatch(/"at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
    const hash = createHash('sha256').update(`${raw.prev_hash}\n${canonical}`).digest('hex');
    expect(hash).toBe(raw.hash);
  });

  it('keeps one unbroken chain when 20 reports arrive at once', async () => {
    const before = await entryCount();
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reportIncident(`并发报告 ${i}`)),
    );
    expect(new Set(ids).size).toBe(20);
    const seqs = await chain();
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: before + 20 }, (_, i) => i + 1));
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: before + 20 });
    expect(result.firstBroken).toBeUndefined();
  });

  it('keeps one chain when concurrent transactions append directly', async () => {
    const before = await entryCount();
    const context = { actorId: AS.admin, credential: 'test', requestId: null };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.database.db.transaction(async (tx) => {
          await recordAudit(tx, context, { action: 'test.append', entity: 'test', entityId: i });
        }),
      ),
    );
    // Outside a transaction recordAudit opens its own.
    await recordAudit(t.database.db, context, {
      action: 'test.append',
      entity: 'test',
      entityId: 'x',
    });
    expect(await verifyAuditChain(t.database.db, { batchSize: 4 })).toMatchObject({
      ok: true,
      checked: before + 21,
    });
  });
});

describe('the sealer', () => {
  const context = { actorId: AS.admin, credential: 'test', requestId: null };

  // Two transactions at once need two connections: PGlite is one.
  it.skipIf(!process.env.DATABASE_URL)(
    'never skips an entry that commits late with a lower id (two interleaved transactions)',
    async () => {
      const db = t.database.db;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const lateInserted = new Promise<void>((resolve) => (inserted = resolve));
      const late = db.transaction(async (tx) => {
        await recordAudit(tx, context, { action: 'test.late', entity: 'test', entityId: 1 });
        inserted();
        await held;
      });
      await lateInserted;
      // Inserted after the late one (a higher id), committed before it.
      await recordAudit(db, context, { action: 'test.early', entity: 'test', entityId: 2 });
      await sealAuditTrail(db);
      expect((await chain()).map((r) => r.action).slice(-1)).toEqual(['test.early']);
      release();
      await late;
      expect(await sealAuditTrail(db)).toBe(1);
      const rows = await chain();
      const [early, lateRow] = rows.slice(-2);
      expect([early!.action, lateRow!.action]).toEqual(['test.early', 'test.late']);
      expect(lateRow!.id).toBeLessThan(early!.id);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, unsealed: 0 });
    },
  );

  it('keeps one chain when several seal at once', async () => {
    const db = t.database.db;
    for (let i = 0; i < 30; i++) {
      await recordAudit(db, context, { action: 'test.many', entity: 'test', entityId: i });
    }
    await Promise.all([
      sealAuditTrail(db, { batchSize: 7 }),
      sealAuditTrail(db, { batchSize: 5 }),
      sealAuditTrail(db, { batchSize: 3, wait: true }),
    ]);
    await sealAuditTrail(db, { wait: true });
    expect(await db.select().from(auditUnsealed)).toEqual([]);
    expect(await verifyAuditChain(db, { batchSize: 4 })).toMatchObject({
      ok: true,
      checked: await entryCount(),
      unsealed: 0,
    });
  });

  it('runs in the background: entries are chained without anyone reading the trail', async () => {
    const db = t.database.db;
    const sealer = startAuditSealer({ db, log: { error: () => undefined }, intervalMs: 10 });
    try {
      await recordAudit(db, context, { action: 'test.background', entity: 'test', entityId: 1 });
      await expect
        .poll(async () => (await db.select().from(auditUnsealed)).length, { timeout: 5000 })
        .toBe(0);
      const [last] = (await chain()).slice(-1);
      expect(last!.action).toBe('test.background');
    } finally {
      await sealer.stop();
    }
  });

  it('reports an entry kept out of the chain', async () => {
    const db = t.database.db;
    await db.transaction(async (tx) => {
      await recordAudit(tx, context, { action: 'test.withheld', entity: 'test', entityId: 1 });
      // The queue is not append-only: emptying it keeps an entry from the sealer.
      await tx.delete(auditUnsealed);
    });
    expect(await verify()).toMatchObject({
      ok: true,
      checked: (await entryCount()) - 1,
      unsealed: 1,
    });
  });
});

describe('canonical form', () => {
  it('sorts keys at every depth and writes numbers and strings as ECMAScript does', () => {
    expect(canonicalJson({ b: [1, 2.5, { d: null, c: true }], a: 'é\n"', A: 1e21 })).toBe(
      '{"A":1e+21,"a":"é\\n\\"","b":[1,2.5,{"c":true,"d":null}]}',
    );
    expect(canonicalJson({ '\u00e9': 1, z: 2, '10': 3, '9': 4 })).toBe(
      '{"10":3,"9":4,"z":2,"é":1}',
    );
  });

  it('writes every string as JSON.stringify does, escapes and surrogates included', () => {
    const strings = [
      '投标报价保存后金额显示为0（来电 1）',
      'plain',
      '',
      'tab\there',
      'quote " and backslash \\',
      '\u0000\u001f\u007f\u2028',
      'emoji 😀 pair',
      'lone \ud800 high',
      'lone \udfff low',
    ];
    for (const text of strings) {
      expect(canonicalJson(text)).toBe(JSON.stringify(text));
      expect(canonicalJson({ [text]: text })).toBe(
        `{${JSON.stringify(text)}:${JSON.stringify(text)}}`,
      );
    }
  });

  it('survives the jsonb round trip: reordered keys, rewritten numbers, dates, a JSON string', async () => {
    await t.database.db.transaction((tx) =>
      recordAudit(
        tx,
        { actorId: null, credential: null, requestId: null },
        {
          action: 'test.json',
          entity: 'test',
          entityId: 1,
          before: '{"looks":"like json"}',
          after: {
            zeta: 1.0,
            alpha: { long_key_first: 0.1, k: -0, big: 2 ** 64 + 2 ** 12, tiny: 5e-324 },
            list: [3, 2, 1, 1e21, 1.5e300],
            when: new Date('2026-03-03T02:00:00.123Z'),
            gone: undefined,
            text: '竞价 \u2028 "quoted" \\ emoji 🚗',
          },
        },
      ),
    );
    const [row] = await t.database.db
      .select({
        before: sql<string>`${auditLog.before}::text`,
        after: sql<string>`${auditLog.after}::text`,
      })
      .from(auditLog)
      .where(sql`${auditLog.action} = 'test.json'`);
    expect(JSON.parse(row!.before)).toBe('{"looks":"like json"}');
    expect(JSON.parse(row!.after)).toMatchObject({ when: '2026-03-03T02:00:00.123Z', zeta: 1 });
    expect(JSON.parse(row!.after)).not.toHaveProperty('gone');
    expect((await verify()).ok).toBe(true);
  });
});

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of entries and seals', async () => {
    const db = t.database.db;
    for (const [statement, table, op] of [
      [sql`update audit_log set action = 'forged' where id = 1`, 'audit_log', 'UPDATE'],
      [sql`delete from audit_log where id = 1`, 'audit_log', 'DELETE'],
      // With its seals: alone, the seals' foreign key refuses it before the trigger does.
      [sql`truncate audit_log, audit_seals`, 'audit_log', 'TRUNCATE'],
      [sql`update audit_seals set hash = repeat('a', 64) where seq = 1`, 'audit_seals', 'UPDATE'],
      [sql`delete from audit_seals where seq = 1`, 'audit_seals', 'DELETE'],
      [sql`truncate audit_seals`, 'audit_seals', 'TRUNCATE'],
    ] as const) {
      const error = await databaseError(db.execute(statement));
      expect(error.message).toBe(`${table} is append-only: ${op} refused`);
      expect(error.code).toBe('42501');
    }
    expect((await verify()).ok).toBe(true);
  });

  it('refuses a seal whose hashes are not 32 bytes in hex', async () => {
    const seal = (hash: string) =>
      databaseError(
        t.database.db.execute(sql`insert into audit_seals (seq, audit_id, prev_hash, hash)
          values (1000000, 1, repeat('0', 64), ${hash})`),
      );
    expect((await seal('ab'.repeat(31))).code).toBe('23514'); // 31 bytes: the check
    expect((await seal('zz'.repeat(32))).code).toBe('22023'); // not hex: decode refuses
    expect((await verify()).ok).toBe(true);
  });

  it('refuses them under session_replication_role = replica too', async () => {
    const error = await databaseError(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from audit_log where id = 1`);
      }),
    );
    expect(error.message).toBe('audit_log is append-only: DELETE refused');
  });
});

describe('access', () => {
  it('is for admins and leaders', async () => {
    await t.api.get('/api/v1/audit/verify').expect(401);
    await t.api.get('/api/v1/audit').expect(401);
    const refused = await t.api.get('/api/v1/audit/verify').set(t.auth(AS.desk)).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.api.get('/api/v1/audit').set(t.auth(AS.system)).expect(403);
    await t.api.get('/api/v1/audit/verify').set(t.auth(AS.admin)).expect(200);
    await t.api.get('/api/v1/audit').set(t.auth(AS.leaders)).expect(200);
  });
});
