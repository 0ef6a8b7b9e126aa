/**
 * The queue is every screen's poll. It reads on the caller's credential as this process last
 * read it and re-checks it inside its own statement (domain/identity/credential-check.ts). Every
 * change below is written straight to the database, as another process would make it: the very
 * next page must follow it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, groupMembers, people, sessions } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { hotlineFault } from './support/reports.js';

let t: TestApp;
let handedToVendor: number;
let deskOnly: number;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00', passwords: true });
  const report = async (title: string) =>
    (
      await t.api
        .post('/api/v1/incidents')
        .set(t.auth(AS.desk))
        .send(hotlineFault({ title }))
        .expect(201)
    ).body.id as number;
  handedToVendor = await report('交给厂商的');
  deskOnly = await report('只在服务台的');
  const act = async (as: string, action: object) => {
    const { body } = await t.api.get(`/api/v1/incidents/${handedToVendor}`).set(t.auth(as));
    await t.api
      .post(`/api/v1/incidents/${handedToVendor}/actions`)
      .set(t.auth(as))
      .set('if-match', `"${body.version}"`)
      .send(action)
      .expect(200);
  };
  await act(AS.desk, {
    type: 'escalate_to_system',
    impact: 'high',
    scope: 'some',
    impactStatement: '部分供应商报价异常',
  });
  await act(AS.system, { type: 'hand_to_vendor' });
});
afterAll(() => t.close());

const queueIds = async (headers: Record<string, string>, expected = 200) => {
  const res = await t.api.get('/api/v1/incidents').set(headers).expect(expected);
  return expected === 200 ? (res.body.items as { id: number }[]).map((i) => i.id) : res.body;
};

const mintToken = async (as: string) => {
  const minted = await t.api
    .post('/api/v1/tokens')
    .set(t.auth(as))
    .send({ name: 'wall script', scopes: ['incidents:read'] })
    .expect(201);
  return {
    id: minted.body.id as string,
    headers: { authorization: `Bearer ${minted.body.token}` },
  };
};

describe('the queue re-checks a cached credential in its own statement', () => {
  it('refuses a token revoked elsewhere on the very next page', async () => {
    const token = await mintToken(AS.desk);
    expect(await queueIds(token.headers)).toContain(deskOnly);
    expect(await queueIds(token.headers)).toContain(deskOnly);
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: t.clock.now() })
      .where(eq(apiTokens.id, token.id));
    expect((await queueIds(token.headers, 401)).detail).toMatch(/revoked/);
  });

  it('refuses a person made inactive elsewhere', async () => {
    const token = await mintToken(AS.leaders);
    await queueIds(token.headers);
    await t.database.db.update(people).set({ active: false }).where(eq(people.id, AS.leaders));
    try {
      expect((await queueIds(token.headers, 401)).detail).toMatch(/no longer active/);
    } finally {
      await t.database.db.update(people).set({ active: true }).where(eq(people.id, AS.leaders));
    }
  });

  it('shows a person the queue of the groups they are in now', async () => {
    const vendor = await mintToken(AS.vendor);
    const before = await queueIds(vendor.headers);
    expect(before).toContain(handedToVendor);
    expect(before).not.toContain(deskOnly);
    // A drill: the desk lead puts the vendor on the desk, then takes them off again.
    await t.database.db.insert(groupMembers).values({ groupId: 'desk', personId: AS.vendor });
    expect(await queueIds(vendor.headers)).toContain(deskOnly);
    await t.database.db
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupId, 'desk'), eq(groupMembers.personId, AS.vendor)));
    expect(await queueIds(vendor.headers)).toEqual(before);
  });

  it('answers an empty page as empty, and still refuses a revoked token there', async () => {
    const token = await mintToken(AS.desk);
    const empty = () =>
      t.api.get('/api/v1/incidents').set(token.headers).query({ category: 'storage_transfer' });
    expect((await empty().expect(200)).body).toEqual({ items: [], nextCursor: null });
    expect((await empty().expect(200)).body.items).toEqual([]);
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: t.clock.now() })
      .where(eq(apiTokens.id, token.id));
    await empty().expect(401);
  });

  it('tells a revoked token 401, not what was wrong with its query', async () => {
    const token = await mintToken(AS.desk);
    const page = (query: Record<string, string>) =>
      t.api.get('/api/v1/incidents').set(token.headers).query(query);
    expect(await queueIds(token.headers)).toContain(deskOnly);
    // While the token is good, a bad filter is named.
    const bad = await page({ priority: 'P9' }).expect(400);
    expect(bad.body.errors[0].pointer).toBe('/querystring/priority');
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: t.clock.now() })
      .where(eq(apiTokens.id, token.id));
    expect((await page({ priority: 'P9' }).expect(401)).body.detail).toMatch(/revoked/);
    expect((await page({ cursor: 'forged' }).expect(401)).body.detail).toMatch(/revoked/);
  });

  it('refuses a session revoked elsewhere (the SPA signs in with a cookie)', async () => {
    const { cookie } = await t.signIn(AS.system, 'system-ovms-2015');
    expect(await queueIds({ cookie })).toContain(handedToVendor);
    await t.database.db
      .update(sessions)
      .set({ revokedAt: t.clock.now() })
      .where(eq(sessions.personId, AS.system));
    await queueIds({ cookie }, 401);
  });
});
