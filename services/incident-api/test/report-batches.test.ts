/**
 * Reports that arrive together are written together (domain/incidents/report-write.ts). What a
 * caller sees must not show it: each report gets its own incident, timeline and audit entry,
 * a report whose credential changed is refused alone, and a report the database refuses fails
 * alone while its neighbours are written.
 *
 * A burst calls the report's domain function for every report at once, as the route does for
 * requests in flight together: PGlite runs one request to its end before it reads the next, so
 * HTTP alone would never fill a batch there.
 */
import { count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, incidentEvents, incidents } from '../src/db/schema.js';
import { recordReport, type ActingContext } from '../src/domain/incidents/lifecycle.js';
import { reportWriterStats } from '../src/domain/incidents/report-write.js';
import {
  CredentialChanged,
  tokenStamp,
  type CredentialCheck,
} from '../src/domain/identity/credential-check.js';
import type { ReportInput } from '../src/domain/incidents/types.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00' });
});
afterAll(() => t.close());

const report = (title: string): ReportInput => ({
  systemId: 'ovms',
  channel: 'hotline_fault',
  kind: 'system_fault',
  category: 'other',
  title,
  description: '供应商提交报价后金额显示为0',
  symptom: 'data_wrong',
  scope: 'some',
  reporter: { organisation: '华南区-广东', name: '张三', phone: '020-12345678' },
  externalRef: title,
});

/** The request id of a burst's n-th report. */
const requestId = (burst: string, n: number) => `${burst}-${n}`;

/** How the desk's su-shengchun acts, with `check` re-checked in the write. */
const acting = (id: string, check?: CredentialCheck): ActingContext => ({
  actor: { id: AS.desk, groups: ['desk'], organisation: '顺丰' },
  audit: { actorId: AS.desk, credential: check ? `token:${check.kind}` : 'test', requestId: id },
  now: t.clock.now(),
  calendars: t.app.calendars,
  reference: t.app.reference,
  credentialCheck: check,
});

/** Reports every title at once; settles each report on its own. */
const burst = (name: string, titles: string[], checkOf?: (n: number) => CredentialCheck) =>
  Promise.allSettled(
    titles.map((title, n) =>
      recordReport(t.database.db, report(title), acting(requestId(name, n), checkOf?.(n))),
    ),
  );

const stats = () => reportWriterStats(t.database.db);

/** A token check as authentication makes it, for the token of `authorization`. */
async function tokenCheck(authorization: string): Promise<CredentialCheck> {
  const id = authorization.split('_')[1]!;
  const result = await t.database.db.execute(
    sql.raw(`select ${tokenStamp('tok', 'per')} as stamp
      from api_tokens tok join people per on per.id = tok.person_id where tok.id = '${id}'`),
  );
  const [row] = (result as unknown as { rows: { stamp: string }[] }).rows;
  return { kind: 'token', id, stamp: row!.stamp };
}

describe('reports arriving together', () => {
  it('each gets its own incident, timeline and audit entry, in fewer statements', async () => {
    const before = stats();
    const titles = Array.from({ length: 12 }, (_, n) => `同时来电 ${n + 1}`);
    const settled = await burst('together', titles);

    const after = stats();
    expect(after.reports - before.reports).toBe(12);
    // Some left together: fewer statements than reports.
    expect(after.statements - before.statements).toBeLessThan(12);

    const ids = new Set<number>();
    for (const [n, result] of settled.entries()) {
      expect(result.status).toBe('fulfilled');
      const reported = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof recordReport>>>)
        .value;
      expect(reported.row).toMatchObject({ title: titles[n], externalRef: titles[n] });
      ids.add(reported.row.id);
      // The timeline as returned is this incident's, as stored, in order.
      const stored = await t.database.db
        .select({ id: incidentEvents.id, type: incidentEvents.type })
        .from(incidentEvents)
        .where(eq(incidentEvents.incidentId, reported.row.id))
        .orderBy(incidentEvents.id);
      expect(reported.timeline.map((e) => [e.id, e.type])).toEqual(
        stored.map((e) => [e.id, e.type]),
      );
      expect(stored.map((e) => e.type)).toEqual([
        'report',
        'priority_set',
        'handed_off',
        'clock_started',
      ]);
      // Its audit entry names it and the request that made it.
      const audits = await t.database.db
        .select({ entityId: auditLog.entityId, after: auditLog.after })
        .from(auditLog)
        .where(eq(auditLog.requestId, requestId('together', n)));
      expect(audits).toEqual([
        expect.objectContaining({
          entityId: String(reported.row.id),
          after: expect.objectContaining({ title: titles[n] }),
        }),
      ]);
      // And the API reads back what was returned.
      const read = await t.api.get(`/api/v1/incidents/${reported.row.id}`).set(t.auth(AS.desk));
      expect(read.body).toMatchObject({ title: titles[n], version: reported.row.version });
      expect(read.body.timeline.map((e: { id: number }) => e.id)).toEqual(stored.map((e) => e.id));
    }
    expect(ids.size).toBe(12);

    // The audit trail is whole: every entry chained.
    const verified = await t.api.get('/api/v1/audit/verify').set(t.auth(AS.leaders)).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('a report whose token was revoked meanwhile is refused alone; its neighbours are written', async () => {
    const good = await tokenCheck(t.auth(AS.desk).authorization!);
    const revoked = await tokenCheck(t.auth('zhou-feiying').authorization!);
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: t.clock.now() })
      .where(eq(apiTokens.id, t.auth('zhou-feiying').authorization!.split('_')[1]!));

    const before = stats();
    const titles = Array.from({ length: 9 }, (_, n) => `吊销同批 ${n + 1}`);
    const settled = await burst('revoked', titles, (n) => (n % 3 === 1 ? revoked : good));

    expect(stats().statements - before.statements).toBeLessThan(9);
    for (const [n, result] of settled.entries()) {
      if (n % 3 === 1) {
        expect(result).toMatchObject({ status: 'rejected', reason: expect.any(CredentialChanged) });
      } else {
        expect(result.status).toBe('fulfilled');
      }
    }
    const written = await t.database.db
      .select({ title: incidents.title })
      .from(incidents)
      .where(inArray(incidents.title, titles));
    expect(written.map((w) => w.title).sort()).toEqual(titles.filter((_, n) => n % 3 !== 1).sort());
  });

  it('a report the database refuses fails alone; the rest of its batch is written', async () => {
    // A rule only the database knows: reports titled 拒收 are refused by a trigger.
    await t.database.db.execute(sql`
      create function refuse_test_report() returns trigger language plpgsql as $$
      begin
        if new.title like '拒收%' then raise exception 'refused by the test'; end if;
        return new;
      end $$`);
    await t.database.db.execute(sql`
      create trigger refuse_test_report before insert on incidents
      for each row execute function refuse_test_report()`);
    try {
      const before = stats();
      const titles = Array.from({ length: 10 }, (_, n) => (n === 6 ? '拒收' : `同批 ${n + 1}`));
      const settled = await burst('refused', titles);

      expect(stats().batchesRetriedAlone).toBeGreaterThan(before.batchesRetriedAlone);
      for (const [n, result] of settled.entries()) {
        if (n === 6) {
          expect(result).toMatchObject({
            status: 'rejected',
            reason: expect.objectContaining({
              message: expect.stringContaining('refused by the test'),
            }),
          });
        } else {
          expect(result.status).toBe('fulfilled');
        }
      }
      const [refused] = await t.database.db
        .select({ n: count() })
        .from(auditLog)
        .where(eq(auditLog.requestId, requestId('refused', 6)));
      expect(refused!.n).toBe(0);
      const [written] = await t.database.db
        .select({ n: count() })
        .from(incidents)
        .where(inArray(incidents.title, titles));
      expect(written!.n).toBe(9);
    } finally {
      await t.database.db.execute(sql`drop trigger refuse_test_report on incidents`);
      await t.database.db.execute(sql`drop function refuse_test_report()`);
    }
  });

  it('reports sent at once over HTTP each answer with their own incident', async () => {
    const titles = Array.from({ length: 10 }, (_, n) => `并发请求 ${n + 1}`);
    const answers = await Promise.all(
      titles.map((title) =>
        t.api.post('/api/v1/incidents').set(t.auth(AS.desk)).send(report(title)),
      ),
    );
    for (const [n, res] of answers.entries()) {
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ title: titles[n], externalRef: titles[n] });
      const read = await t.api.get(`/api/v1/incidents/${res.body.id}`).set(t.auth(AS.desk));
      expect(read.body).toEqual(res.body);
    }
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(10);
  });
});
