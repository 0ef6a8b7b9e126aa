/**
 * Tampering: a superuser gets past the append-only triggers (DISABLE TRIGGER) and edits or removes
 * audit entries (audit_log) or their seals (audit_seals) directly; verify names the entry where the
 * chain breaks. Each test puts the rows back the same way, so the next one starts from a valid
 * chain again.
 */
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, auditSeals } from '../src/db/schema.js';
import { auditHash, sealAuditTrail, verifyAuditChain } from '../src/domain/audit.js';
import type { JsonValue } from '../src/lib/canonical-json.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
/** Each entry with its seal, in chain order. */
let rows: (typeof auditLog.$inferSelect & Omit<typeof auditSeals.$inferSelect, 'auditId'>)[];

beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00' });
  for (let i = 0; i < 4; i++) {
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send({
        channel: 'web',
        kind: 'system_fault',
        title: `竞价页面无法打开 ${i}`,
        description: '点击竞价后白屏',
        symptom: 'unusable',
        scope: 'one',
        reporter: { organisation: '华南区-广东', name: '李四' },
      })
      .expect(201);
    await t.api
      .post(`/api/v1/incidents/${res.body.id}/actions`)
      .set(t.auth(AS.desk))
      .send({ type: 'acknowledge' })
      .expect(200);
  }
  await sealAuditTrail(t.database.db);
  rows = (
    await t.database.db
      .select()
      .from(auditSeals)
      .innerJoin(auditLog, eq(auditLog.id, auditSeals.auditId))
      .orderBy(asc(auditSeals.seq))
  ).map((r) => ({
    ...r.audit_log,
    seq: r.audit_seals.seq,
    prevHash: r.audit_seals.prevHash,
    hash: r.audit_seals.hash,
  }));
});
afterAll(() => t.close());

beforeEach(async () => {
  expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 8 });
});

/** What a superuser can do: switch the append-only triggers off, write, switch them back on. */
async function bypassingTheTrigger(...statements: SQL[]) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger all`);
    await tx.execute(sql`alter table audit_seals disable trigger all`);
    for (const statement of statements) await tx.execute(statement);
    // Back as the migrations leave them: the foreign key's triggers on, ours on ALWAYS.
    await tx.execute(sql`alter table audit_log enable trigger all`);
    await tx.execute(sql`alter table audit_seals enable trigger all`);
    for (const [table, trigger] of [
      ['audit_log', 'audit_log_no_update_or_delete'],
      ['audit_log', 'audit_log_no_truncate'],
      ['audit_log', 'audit_log_queue_for_seal'],
      ['audit_seals', 'audit_seals_no_update_or_delete'],
      ['audit_seals', 'audit_seals_no_truncate'],
    ]) {
      await tx.execute(sql.raw(`alter table ${table} enable always trigger ${trigger}`));
    }
  });
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

const restoreEntry = (row: (typeof rows)[number]) => sql`
    insert into audit_log (id, at, actor_id, credential, action, entity, entity_id, before,
      after, request_id)
    values (${row.id}, ${row.at.toISOString()}, ${row.actorId}, ${row.credential},
      ${row.action}, ${row.entity}, ${row.entityId}, ${json(row.before)}::jsonb,
      ${json(row.after)}::jsonb, ${row.requestId})`;

const restoreSeal = (row: (typeof rows)[number]) => sql`
    insert into audit_seals (seq, audit_id, prev_hash, hash)
    values (${row.seq}, ${row.id}, ${row.prevHash}, ${row.hash})`;

const verify = async () =>
  (await t.api.get('/api/v1/audit/verify').set(t.auth(AS.admin)).expect(200)).body;

describe('GET /api/v1/audit/verify after direct edits', () => {
  it('names exactly the row whose content was altered', async () => {
    const target = rows[4]!;
    await bypassingTheTrigger(
      sql`update audit_log set actor_id = ${AS.leaders} where id = ${target.id}`,
    );
    expect(await verify()).toEqual({
      ok: false,
      checked: 5,
      firstBroken: {
        id: target.id,
        seq: 5,
        reason: 'hash_mismatch',
        detail: 'Entry seq 5 was altered: its content no longer matches its hash.',
      },
      unsealed: 0,
    });
    await bypassingTheTrigger(
      sql`update audit_log set actor_id = ${target.actorId} where id = ${target.id}`,
    );
  });

  it('names the row when only its before/after, its time or its hash was touched', async () => {
    const target = rows[2]!;
    for (const [edit, undo] of [
      [
        sql`update audit_log set after = jsonb_set(after, '{title}', '"改过的标题"') where id = ${target.id}`,
        sql`update audit_log set after = ${JSON.stringify(target.after)}::jsonb where id = ${target.id}`,
      ],
      [
        sql`update audit_log set at = at - interval '1 millisecond' where id = ${target.id}`,
        sql`update audit_log set at = ${target.at.toISOString()} where id = ${target.id}`,
      ],
      [
        sql`update audit_seals set hash = repeat('a', 64) where audit_id = ${target.id}`,
        sql`update audit_seals set hash = ${target.hash} where audit_id = ${target.id}`,
      ],
    ]) {
      await bypassingTheTrigger(edit!);
      expect((await verify()).firstBroken).toMatchObject({
        id: target.id,
        seq: target.seq,
        reason: 'hash_mismatch',
      });
      await bypassingTheTrigger(undo!);
      expect((await verify()).ok).toBe(true);
    }
  });

  it('is not fooled by a rewrite that keeps every value (jsonb re-stored, keys reordered)', async () => {
    await bypassingTheTrigger(
      sql`update audit_log set after = after::text::jsonb, before = before`,
    );
    expect(await verify()).toMatchObject({ ok: true, checked: 8 });
  });

  /** Removes an entry and its seal, as someone hiding the entry would. */
  const removal = (row: (typeof rows)[number]) => [
    sql`delete from audit_seals where audit_id = ${row.id}`,
    sql`delete from audit_log where id = ${row.id}`,
  ];

  it('names the entry after a deleted one (seq gap), and the first entry when it was deleted', async () => {
    await bypassingTheTrigger(...removal(rows[3]!));
    expect(await verify()).toEqual({
      ok: false,
      checked: 4,
      firstBroken: {
        id: rows[4]!.id,
        seq: 5,
        reason: 'seq_gap',
        detail: 'Entry seq 5 follows seq 3: 1 entry is missing.',
      },
      unsealed: 0,
    });
    await bypassingTheTrigger(restoreEntry(rows[3]!), restoreSeal(rows[3]!));

    await bypassingTheTrigger(...removal(rows[0]!));
    expect((await verify()).firstBroken).toMatchObject({ id: rows[1]!.id, reason: 'seq_gap' });
    await bypassingTheTrigger(restoreEntry(rows[0]!), restoreSeal(rows[0]!));
  });

  it('names the entry deleted with its seal left in place', async () => {
    await bypassingTheTrigger(sql`delete from audit_log where id = ${rows[3]!.id}`);
    expect((await verify()).firstBroken).toEqual({
      id: rows[3]!.id,
      seq: 4,
      reason: 'entry_missing',
      detail: 'Entry seq 4 was removed: its seal remains, the entry is gone.',
    });
    await bypassingTheTrigger(restoreEntry(rows[3]!));
  });

  it('names the next entry when a row was rewritten with a hash recomputed to match', async () => {
    const target = rows[5]!;
    const forged = { ...target, actorId: AS.leaders };
    const hash = auditHash(target.prevHash, {
      ...forged,
      before: target.before as JsonValue,
      after: target.after as JsonValue,
    });
    await bypassingTheTrigger(
      sql`update audit_log set actor_id = ${AS.leaders} where id = ${target.id}`,
      sql`update audit_seals set hash = ${hash} where audit_id = ${target.id}`,
    );
    expect((await verify()).firstBroken).toMatchObject({
      id: rows[6]!.id,
      seq: 7,
      reason: 'prev_hash_mismatch',
    });
    await bypassingTheTrigger(
      sql`update audit_log set actor_id = ${target.actorId} where id = ${target.id}`,
      sql`update audit_seals set hash = ${target.hash} where audit_id = ${target.id}`,
    );
  });

  it('finds the break in a later batch of the walk', async () => {
    const target = rows[6]!;
    await bypassingTheTrigger(sql`update audit_log set entity_id = '0' where id = ${target.id}`);
    expect(await verifyAuditChain(t.database.db, { batchSize: 2 })).toMatchObject({
      ok: false,
      checked: 7,
      firstBroken: { id: target.id, seq: 7, reason: 'hash_mismatch' },
    });
    await bypassingTheTrigger(
      sql`update audit_log set entity_id = ${target.entityId} where id = ${target.id}`,
    );
  });

  // Last: it leaves the chain shorter. Without a copy of the head kept elsewhere, removing
  // entries from the end cannot be seen; the head the verification reports is that copy.
  it('reports the head, which shows a cut of the tail', async () => {
    const before = await verify();
    expect(before.head).toEqual({ seq: 8, hash: rows[7]!.hash });
    await bypassingTheTrigger(...removal(rows[7]!));
    const after = await verify();
    expect(after).toMatchObject({ ok: true, checked: 7, unsealed: 0 });
    expect(after.head).not.toEqual(before.head);
    const [gone] = await t.database.db.select().from(auditSeals).where(eq(auditSeals.seq, 8));
    expect(gone).toBeUndefined();
    await bypassingTheTrigger(restoreEntry(rows[7]!), restoreSeal(rows[7]!));
  });
});
