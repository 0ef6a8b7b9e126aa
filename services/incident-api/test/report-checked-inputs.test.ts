/**
 * A report acts on what this process last read (the system's reference facts, the caller's
 * credential) and checks it inside its own writing statement. Every change below is written
 * straight to the database, as another process would make it: none may be missed by the very
 * next report, and a refused report writes nothing.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiTokens,
  auditLog,
  calendarExceptions,
  calendars,
  campaigns,
  groupMembers,
  people,
  referenceRevision,
  incidents,
  policyVersions,
  sessions,
  systems,
} from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { hotlineFault } from './support/reports.js';

let t: TestApp;
beforeAll(async () => {
  // No demo campaign: OVMS is grade B until a campaign names it.
  t = await createTestApp({
    now: '2026-03-03T10:00:00+08:00',
    campaignWindow: null,
    passwords: true,
  });
});
afterAll(() => t.close());

const report = hotlineFault;

const post = (headers: Record<string, string>, body = report()) =>
  t.api.post('/api/v1/incidents').set(headers).send(body);

const incidentCount = async () =>
  (await t.database.db.select({ n: count() }).from(incidents))[0]!.n;
const reportAudits = async () =>
  (
    await t.database.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.action, 'incident.report'))
  )[0]!.n;

describe('reference facts changed by another process', () => {
  it('a campaign override added between two reports grades the next one A', async () => {
    const before = await post(t.auth(AS.desk)).expect(201);
    expect(before.body).toMatchObject({ effectiveGrade: 'B', campaignId: null });
    const [incidentsBefore, auditsBefore] = [await incidentCount(), await reportAudits()];

    await t.database.db.insert(campaigns).values({
      id: 'drill-2026',
      name: '演练',
      systemIds: ['ovms'],
      startsAt: new Date('2026-03-01T00:00:00+08:00'),
      endsAt: new Date('2026-04-01T00:00:00+08:00'),
      gradeOverride: 'A',
    });
    const after = await post(t.auth(AS.desk)).expect(201);
    expect(after.body).toMatchObject({ effectiveGrade: 'A', campaignId: 'drill-2026' });
    // The stale attempt wrote nothing: one incident and one audit entry more, not two.
    expect(await incidentCount()).toBe(incidentsBefore + 1);
    expect(await reportAudits()).toBe(auditsBefore + 1);

    // Over: OVMS is grade B again.
    await t.database.db
      .update(campaigns)
      .set({ endsAt: new Date('2026-03-02T00:00:00+08:00') })
      .where(eq(campaigns.id, 'drill-2026'));
    expect((await post(t.auth(AS.desk)).expect(201)).body.effectiveGrade).toBe('B');
  });

  it("the system's grade and a new policy version count from the next report", async () => {
    await post(t.auth(AS.desk)).expect(201);
    await t.database.db.update(systems).set({ grade: 'C' }).where(eq(systems.id, 'ovms'));
    const graded = await post(t.auth(AS.desk)).expect(201);
    expect(graded.body.effectiveGrade).toBe('C');
    await t.database.db.update(systems).set({ grade: 'B' }).where(eq(systems.id, 'ovms'));

    const [current] = await t.database.db
      .select()
      .from(policyVersions)
      .orderBy(sql`${policyVersions.id} desc`)
      .limit(1);
    const { id: _id, createdAt: _createdAt, ...tables } = current!;
    const [next] = await t.database.db
      .insert(policyVersions)
      .values({ ...tables, note: 'the next version' })
      .returning({ id: policyVersions.id });
    const pinned = await post(t.auth(AS.desk)).expect(201);
    const [row] = await t.database.db
      .select({ policyVersionId: incidents.policyVersionId })
      .from(incidents)
      .where(eq(incidents.id, pinned.body.id));
    expect(row!.policyVersionId).toBe(next!.id);
  });
  it('a holiday declared on the service window by another process moves the next due time', async () => {
    const before = await post(t.auth(AS.desk)).expect(201);
    const [system] = await t.database.db
      .select({ calendarId: systems.calendarId })
      .from(systems)
      .where(eq(systems.id, 'ovms'));
    // As calendar-edits.ts writes it: the exception, then the calendar's revision.
    await t.database.db.insert(calendarExceptions).values({
      calendarId: system!.calendarId,
      date: '2026-03-03',
      kind: 'holiday',
      name: '停电演练',
      source: 'manual',
    });
    await t.database.db
      .update(calendars)
      .set({ revision: sql`${calendars.revision} + 1` })
      .where(eq(calendars.id, system!.calendarId));
    const after = await post(t.auth(AS.desk)).expect(201);
    // Today no longer counts: the same report is due a working day later.
    expect(Date.parse(after.body.sla.dueAt)).toBeGreaterThan(Date.parse(before.body.sla.dueAt));
    await t.database.db.delete(calendarExceptions).where(eq(calendarExceptions.date, '2026-03-03'));
  });

  it('every table a report derives from moves the reference revision, in any statement', async () => {
    const revision = async () =>
      (await t.database.db.select().from(referenceRevision))[0]!.revision;
    const touches = [
      () => t.database.db.update(systems).set({ name: sql`${systems.name}` }),
      () => t.database.db.update(campaigns).set({ name: sql`${campaigns.name}` }),
      () => t.database.db.update(calendars).set({ name: sql`${calendars.name}` }),
      () => t.database.db.update(calendarExceptions).set({ name: sql`${calendarExceptions.name}` }),
      () => t.database.db.update(policyVersions).set({ note: sql`${policyVersions.note}` }),
    ];
    for (const touch of touches) {
      const before = await revision();
      await touch();
      expect(await revision()).toBe(before + 1);
    }
  });
});

describe('the answer to a report', () => {
  it('is the incident as read back: the 201 and a GET agree', async () => {
    const created = await post(
      t.auth(AS.desk),
      report({ reportedAt: '2026-03-03T09:10:00+08:00' }),
    );
    expect(created.status).toBe(201);
    const read = await t.api
      .get(`/api/v1/incidents/${created.body.id}`)
      .set(t.auth(AS.desk))
      .expect(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toBe(created.headers.etag);
  });
});

describe('credentials changed by another process', () => {
  it('a revoked token is refused at once, and its report writes nothing', async () => {
    const minted = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.desk))
      .send({ name: 'hotline script', scopes: ['incidents:read', 'incidents:report'] })
      .expect(201);
    const headers = { authorization: `Bearer ${minted.body.token}` };
    await post(headers).expect(201);
    const [incidentsBefore, auditsBefore] = [await incidentCount(), await reportAudits()];
    const tokenId = headers.authorization!.split('_')[1]!;
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: t.clock.now() })
      .where(eq(apiTokens.id, tokenId));
    const refused = await post(headers).expect(401);
    expect(refused.body.detail).toMatch(/revoked/);
    expect(await incidentCount()).toBe(incidentsBefore);
    expect(await reportAudits()).toBe(auditsBefore);
  });

  it('a revoked token hears 401 for a report it could not have made anyway', async () => {
    const minted = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.desk))
      .send({ name: 'ovms bridge', scopes: ['incidents:report'] })
      .expect(201);
    const headers = { authorization: `Bearer ${minted.body.token}` };
    await post(headers).expect(201);
    // While the token is good, a bad body or an unknown system is named.
    await post(headers, report({ scope: 'everyone' })).expect(400);
    await post(headers, report({ systemId: 'no-such-system' })).expect(422);
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: t.clock.now() })
      .where(eq(apiTokens.id, minted.body.id as string));
    const incidentsBefore = await incidentCount();
    for (const body of [report({ scope: 'everyone' }), report({ systemId: 'no-such-system' })]) {
      expect((await post(headers, body).expect(401)).body.detail).toMatch(/revoked/);
    }
    expect(await incidentCount()).toBe(incidentsBefore);
  });

  it('a person taken out of the reporting groups is refused at once', async () => {
    const headers = t.auth(AS.vendor);
    // The vendor may not report; the desk lead gives them the desk's role for a drill.
    await t.database.db.insert(groupMembers).values({ groupId: 'desk', personId: AS.vendor });
    await post(headers).expect(201);
    await t.database.db
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupId, 'desk'), eq(groupMembers.personId, AS.vendor)));
    const refused = await post(headers).expect(403);
    expect(refused.body.type).toBe('/problems/forbidden');
  });

  it('a refusal is only given on a fresh reading (a reporter made desk may set the time)', async () => {
    const headers = t.auth(AS.reporterGuangdong);
    await post(headers, report({ channel: 'web' })).expect(201);
    await t.database.db
      .insert(groupMembers)
      .values({ groupId: 'desk', personId: AS.reporterGuangdong });
    const timed = await post(
      headers,
      report({ channel: 'web', reportedAt: '2026-03-03T09:30:00+08:00' }),
    );
    expect(timed.status).toBe(201);
    expect(timed.body.reportedAt).toBe('2026-03-03T01:30:00.000Z');
    await t.database.db
      .delete(groupMembers)
      .where(
        and(eq(groupMembers.groupId, 'desk'), eq(groupMembers.personId, AS.reporterGuangdong)),
      );
  });

  it('a token whose scopes were narrowed, or whose person left, is refused at once', async () => {
    const mint = async () => {
      const minted = await t.api
        .post('/api/v1/tokens')
        .set(t.auth(AS.desk))
        .send({ name: 'hotline script', scopes: ['incidents:read', 'incidents:report'] })
        .expect(201);
      return {
        id: minted.body.id as string,
        headers: { authorization: `Bearer ${minted.body.token}` },
      };
    };
    const narrowed = await mint();
    await post(narrowed.headers).expect(201);
    await t.database.db
      .update(apiTokens)
      .set({ scopes: ['incidents:read'] })
      .where(eq(apiTokens.id, narrowed.id));
    const refused = await post(narrowed.headers).expect(403);
    expect(refused.body.type).toBe('/problems/insufficient-scope');

    const other = await mint();
    await post(other.headers).expect(201);
    const [incidentsBefore, auditsBefore] = [await incidentCount(), await reportAudits()];
    await t.database.db.update(people).set({ active: false }).where(eq(people.id, AS.desk));
    try {
      expect((await post(other.headers).expect(401)).body.detail).toMatch(/no longer active/);
    } finally {
      await t.database.db.update(people).set({ active: true }).where(eq(people.id, AS.desk));
    }
    expect(await incidentCount()).toBe(incidentsBefore);
    expect(await reportAudits()).toBe(auditsBefore);
  });

  it("what an actor is built from moves the person's credential revision, and only that", async () => {
    const revision = async () =>
      (
        await t.database.db
          .select({ r: people.credentialRevision })
          .from(people)
          .where(eq(people.id, AS.system))
      )[0]!.r;
    const moves = [
      () =>
        t.database.db
          .update(people)
          .set({ name: '刘晓伟（代班）' })
          .where(eq(people.id, AS.system)),
      () =>
        t.database.db.update(people).set({ organisation: '运维' }).where(eq(people.id, AS.system)),
      () => t.database.db.update(people).set({ active: false }).where(eq(people.id, AS.system)),
      () => t.database.db.update(people).set({ active: true }).where(eq(people.id, AS.system)),
      () => t.database.db.insert(groupMembers).values({ groupId: 'desk', personId: AS.system }),
      () =>
        t.database.db
          .update(groupMembers)
          .set({ isLead: true })
          .where(and(eq(groupMembers.groupId, 'desk'), eq(groupMembers.personId, AS.system))),
      () =>
        t.database.db
          .delete(groupMembers)
          .where(and(eq(groupMembers.groupId, 'desk'), eq(groupMembers.personId, AS.system))),
    ];
    for (const move of moves) {
      const before = await revision();
      await move();
      expect(await revision()).toBe(before + 1);
    }
    // A phone number is not part of the actor: cached readings stay good.
    const before = await revision();
    await t.database.db
      .update(people)
      .set({ phone: '13800000000' })
      .where(eq(people.id, AS.system));
    expect(await revision()).toBe(before);
  });

  it('a session whose CSRF token changed needs the new one at once', async () => {
    const { cookie, csrfToken } = await t.signIn(AS.desk, 'desk-ovms-2015');
    const headers = { cookie, 'x-csrf-token': csrfToken };
    await post(headers).expect(201);
    await t.database.db
      .update(sessions)
      .set({ csrfToken: 'rotated-elsewhere' })
      .where(eq(sessions.csrfToken, csrfToken));
    await post(headers).expect(403);
    await post({ cookie, 'x-csrf-token': 'rotated-elsewhere' }).expect(201);
  });

  it("a revoked session's report is refused at once", async () => {
    const { cookie, csrfToken } = await t.signIn(AS.desk, 'desk-ovms-2015');
    const headers = { cookie, 'x-csrf-token': csrfToken };
    await post(headers).expect(201);
    await post(headers).expect(201);
    await t.database.db
      .update(sessions)
      .set({ revokedAt: t.clock.now() })
      .where(eq(sessions.personId, AS.desk));
    await post(headers).expect(401);
  });

  it('reports still record when a token was last used', async () => {
    const headers = await t.authFresh(AS.leaders);
    await t.database.db.insert(groupMembers).values({ groupId: 'desk', personId: AS.leaders });
    await post(headers).expect(201);
    t.clock.advance(5 * 60_000);
    await post(headers).expect(201);
    const tokenId = headers.authorization!.split('_')[1]!;
    const [token] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
    expect(token!.lastUsedAt).toEqual(t.clock.now());
  });
});
