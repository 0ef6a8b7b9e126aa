/**
 * Tampering: a superuser gets past the append-only trigger (DISABLE TRIGGER) and edits or removes
 * audit rows directly; verify names the entry where the chain breaks. Each test puts the row back
 * the same way, so the next one starts from a valid chain again.
 */
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema.js';
import { auditHash, verifyAuditChain, type JsonValue } from '../src/domain/audit.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let rows: (typeof auditLog.$inferSelect)[];

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
  rows = await t.database.db.select().from(auditLog).orderBy(asc(auditLog.seq));
});
afterAll(() => t.close());

beforeEach(async () => {
  expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, checked: 8 });
});

/** What a superuser can do: switch the append-only triggers off, write, switch them back on. */
async function bypassingTheTrigger(statement: SQL) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger all`);
    await tx.execute(statement);
    await tx.execute(
      sql`alter table audit_log enable always trigger audit_log_no_update_or_delete`,
    );
    await tx.execute(sql`alter table audit_log enable always trigger audit_log_no_truncate`);
  });
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

const restore = (row: (typeof rows)[number]) =>
  bypassingTheTrigger(sql`
    insert into audit_log (id, seq, at, actor_id, credential, action, entity, entity_id, before,
      after, request_id, prev_hash, hash)
    values (${row.id}, ${row.seq}, ${row.at.toISOString()}, ${row.actorId}, ${row.credential},
      ${row.action}, ${row.entity}, ${row.entityId}, ${json(row.before)}::jsonb,
      ${json(row.after)}::jsonb, ${row.requestId}, ${row.prevHash}, ${row.hash})`);

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
        sql`update audit_log set hash = repeat('a', 64) where id = ${target.id}`,
        sql`update audit_log set hash = ${target.hash} where id = ${target.id}`,
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

  it('names the entry after a deleted one (seq gap), and the first entry when it was deleted', async () => {
    await bypassingTheTrigger(sql`delete from audit_log where id = ${rows[3]!.id}`);
    expect(await verify()).toEqual({
      ok: false,
      checked: 4,
      firstBroken: {
        id: rows[4]!.id,
        seq: 5,
        reason: 'seq_gap',
        detail: 'Entry seq 5 follows seq 3: 1 entry is missing.',
      },
    });
    await restore(rows[3]!);

    await bypassingTheTrigger(sql`delete from audit_log where id = ${rows[0]!.id}`);
    expect((await verify()).firstBroken).toMatchObject({ id: rows[1]!.id, reason: 'seq_gap' });
    await restore(rows[0]!);
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
      sql`update audit_log set actor_id = ${AS.leaders}, hash = ${hash} where id = ${target.id}`,
    );
    expect((await verify()).firstBroken).toMatchObject({
      id: rows[6]!.id,
      seq: 7,
      reason: 'prev_hash_mismatch',
    });
    await bypassingTheTrigger(
      sql`update audit_log set actor_id = ${target.actorId}, hash = ${target.hash} where id = ${target.id}`,
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
    await bypassingTheTrigger(sql`delete from audit_log where seq = 8`);
    const after = await verify();
    expect(after).toMatchObject({ ok: true, checked: 7 });
    expect(after.head).not.toEqual(before.head);
    const [gone] = await t.database.db.select().from(auditLog).where(eq(auditLog.seq, 8));
    expect(gone).toBeUndefined();
    await restore(rows[7]!);
  });
});
