/**
 * Signing in and staying signed in: argon2id passwords, database sessions with idle and
 * absolute timeouts, CSRF on cookie writes, sign-in throttling, API tokens, the rate limit.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, personPasswords, sessions } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

const DESK_PASSWORD = 'desk-ovms-2015';
const MINUTE = 60_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    passwords: true,
    env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '8' },
  });
});
afterAll(() => t.close());

const report = {
  channel: 'hotline_fault',
  kind: 'system_fault',
  title: '会话测试',
  description: '会话测试',
  symptom: 'slow',
  scope: 'one',
  reporter: { organisation: '华南区-广东', name: '测试' },
};

describe('passwords', () => {
  it('are stored as argon2id with OWASP parameters (≥ 19 MiB, ≥ 2 iterations)', async () => {
    const [row] = await t.database.db
      .select()
      .from(personPasswords)
      .where(eq(personPasswords.personId, AS.desk));
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row!.hash);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(19_456);
    expect(Number(match![2])).toBeGreaterThanOrEqual(2);
    expect(row!.hash).not.toContain(DESK_PASSWORD);
  });
});

describe('sessions', () => {
  it('signs in with an HttpOnly, SameSite cookie; the session is in the database', async () => {
    const res = await t.api
      .post('/api/v1/auth/sign-in')
      .send({ login: AS.desk, password: DESK_PASSWORD })
      .expect(200);
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('ovms_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.body.person).toMatchObject({ id: AS.desk, groups: ['desk'] });
    expect(res.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const secret = cookie.split(';')[0]!.split('=')[1]!;
    const stored = await t.database.db.select().from(sessions);
    expect(stored.some((s) => s.secretHash === secret)).toBe(false);
    const me = await t.api
      .get('/api/v1/auth/session')
      .set('cookie', cookie.split(';')[0]!)
      .expect(200);
    expect(me.body).toMatchObject({ credential: 'session', person: { id: AS.desk } });
  });

  it('refuses a wrong password or an unknown login alike, and audits it', async () => {
    const wrong = await t.api
      .post('/api/v1/auth/sign-in')
      .send({ login: AS.system, password: 'not-the-password' })
      .expect(401);
    const unknown = await t.api
      .post('/api/v1/auth/sign-in')
      .send({ login: 'no-such-person', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'session.sign_in_failed'));
    expect(audit.map((a) => a.entityId)).toEqual(
      expect.arrayContaining([AS.system, 'no-such-person']),
    );
  });

  it('refuses a cookie-authenticated write without the CSRF token, accepts it with', async () => {
    const { cookie, csrfToken } = await t.signIn(AS.desk, DESK_PASSWORD);
    const refused = await t.api
      .post('/api/v1/incidents')
      .set('cookie', cookie)
      .send(report)
      .expect(403);
    expect(refused.body.type).toBe('/problems/csrf');
    await t.api
      .post('/api/v1/incidents')
      .set('cookie', cookie)
      .set('x-csrf-token', 'forged')
      .send(report)
      .expect(403);
    await t.api
      .post('/api/v1/incidents')
      .set('cookie', cookie)
      .set('x-csrf-token', csrfToken)
      .send(report)
      .expect(201);
    // Reads need no CSRF token.
    await t.api.get('/api/v1/incidents').set('cookie', cookie).expect(200);
  });

  it('ends after the idle timeout, and at the absolute timeout however active', async () => {
    const idle = await t.signIn(AS.desk, DESK_PASSWORD);
    t.clock.advance(29 * MINUTE);
    await t.api.get('/api/v1/auth/session').set('cookie', idle.cookie).expect(200);
    t.clock.advance(29 * MINUTE);
    await t.api.get('/api/v1/auth/session').set('cookie', idle.cookie).expect(200);
    t.clock.advance(31 * MINUTE);
    const expired = await t.api.get('/api/v1/auth/session').set('cookie', idle.cookie).expect(401);
    expect(String(expired.headers['set-cookie'])).toMatch(/ovms_session=;/);

    // Active every 20 minutes: alive for 7 h 40, gone at 8 h (the absolute timeout).
    const busy = await t.signIn(AS.desk, DESK_PASSWORD);
    for (let i = 1; i < 24; i++) {
      t.clock.advance(20 * MINUTE);
      await t.api.get('/api/v1/auth/session').set('cookie', busy.cookie).expect(200);
    }
    t.clock.advance(20 * MINUTE);
    await t.api.get('/api/v1/auth/session').set('cookie', busy.cookie).expect(401);
  });

  it('signs out', async () => {
    const { cookie, csrfToken } = await t.signIn(AS.desk, DESK_PASSWORD);
    await t.api
      .post('/api/v1/auth/sign-out')
      .set('cookie', cookie)
      .set('x-csrf-token', csrfToken)
      .expect(204);
    await t.api.get('/api/v1/auth/session').set('cookie', cookie).expect(401);
  });

  it('changes a password: the old one stops working, other sessions end', async () => {
    const other = await t.signIn(AS.vendor, 'vendor-ovms-2015');
    const mine = await t.signIn(AS.vendor, 'vendor-ovms-2015');
    const short = await t.api
      .put('/api/v1/auth/password')
      .set('cookie', mine.cookie)
      .set('x-csrf-token', mine.csrfToken)
      .send({ currentPassword: 'vendor-ovms-2015', newPassword: 'short' })
      .expect(400);
    expect(short.body.errors[0].pointer).toBe('/body/newPassword');
    await t.api
      .put('/api/v1/auth/password')
      .set('cookie', mine.cookie)
      .set('x-csrf-token', mine.csrfToken)
      .send({ currentPassword: 'wrong-password', newPassword: 'a-new-vendor-password' })
      .expect(403);
    await t.api
      .put('/api/v1/auth/password')
      .set('cookie', mine.cookie)
      .set('x-csrf-token', mine.csrfToken)
      .send({ currentPassword: 'vendor-ovms-2015', newPassword: 'a-new-vendor-password' })
      .expect(204);
    await t.api.get('/api/v1/auth/session').set('cookie', mine.cookie).expect(200);
    await t.api.get('/api/v1/auth/session').set('cookie', other.cookie).expect(401);
    await t.api
      .post('/api/v1/auth/sign-in')
      .send({ login: AS.vendor, password: 'vendor-ovms-2015' })
      .expect(401);
    await t.signIn(AS.vendor, 'a-new-vendor-password');
  });

  it('lets an admin reset a password, which ends the person’s sessions', async () => {
    const before = await t.signIn(AS.system, 'system-ovms-2015');
    await t.api
      .put(`/api/v1/people/${AS.system}/password`)
      .set(t.auth(AS.desk))
      .send({ newPassword: 'reset-by-admin-1' })
      .expect(403);
    await t.api
      .put(`/api/v1/people/${AS.system}/password`)
      .set(t.auth(AS.admin))
      .send({ newPassword: 'reset-by-admin-1' })
      .expect(204);
    await t.api.get('/api/v1/auth/session').set('cookie', before.cookie).expect(401);
    await t.signIn(AS.system, 'reset-by-admin-1');
  });
});

describe('sign-in throttling', () => {
  it('locks an account after 5 failures with 429 and Retry-After, then lets it in again', async () => {
    for (let i = 0; i < 5; i++) {
      await t.api
        .post('/api/v1/auth/sign-in')
        .send({ login: AS.leaders, password: `guess-number-${i}` })
        .expect(401);
    }
    const locked = await t.api
      .post('/api/v1/auth/sign-in')
      .send({ login: AS.leaders, password: 'leaders-ovms-2015' })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    t.clock.advance(16 * MINUTE);
    await t.signIn(AS.leaders, 'leaders-ovms-2015');
  });

  it('locks an address after 20 failures across accounts', async () => {
    for (let i = 0; i < 20; i++) {
      await t.api
        .post('/api/v1/auth/sign-in')
        .send({ login: `someone-${i % 4}`, password: 'guess' })
        .expect(401);
    }
    const locked = await t.api
      .post('/api/v1/auth/sign-in')
      .send({ login: AS.admin, password: 'admin-ovms-2015' })
      .expect(429);
    expect(locked.body.detail).toMatch(/address/);
    t.clock.advance(16 * MINUTE);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, scoped, expiring, revocable, with last use recorded', async () => {
    const created = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.desk))
      .send({ name: 'ops script', scopes: ['incidents:read'], expiresInDays: 1 })
      .expect(201);
    const { token, id } = created.body;
    const secret = token.slice('ovms_'.length + 12 + 1);
    expect(token).toMatch(/^ovms_\w{12}_[\w-]{43}$/);
    const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await t.api.get('/api/v1/tokens').set(t.auth(AS.desk)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const bearer = { authorization: `Bearer ${token}` };
    await t.api.get('/api/v1/incidents').set(bearer).expect(200);
    const [used] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(used!.lastUsedAt).not.toBeNull();
    const scope = await t.api.post('/api/v1/incidents').set(bearer).send(report).expect(403);
    expect(scope.body.type).toBe('/problems/insufficient-scope');

    await t.api.delete(`/api/v1/tokens/${id}`).set(t.auth(AS.vendor)).expect(404);
    await t.api.delete(`/api/v1/tokens/${id}`).set(t.auth(AS.desk)).expect(204);
    const revoked = await t.api.get('/api/v1/incidents').set(bearer).expect(401);
    expect(revoked.body.detail).toMatch(/revoked/);
  });

  it('expire', async () => {
    const created = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.desk))
      .send({ name: 'short-lived', scopes: ['incidents:read'], expiresInDays: 1 })
      .expect(201);
    t.clock.advance(25 * 60 * MINUTE);
    const res = await t.api
      .get('/api/v1/incidents')
      .set({ authorization: `Bearer ${created.body.token}` })
      .expect(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('are created for others by admins only, never with more than their creator has', async () => {
    const forOther = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.desk))
      .send({ name: 'x', scopes: ['incidents:read'], personId: AS.vendor })
      .expect(403);
    expect(forOther.body.errors[0].pointer).toBe('/body/personId');
    const adminScope = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.desk))
      .send({ name: 'x', scopes: ['admin'] })
      .expect(403);
    expect(adminScope.body.errors[0].pointer).toBe('/body/scopes');
    const ovms = await t.api
      .post('/api/v1/tokens')
      .set(t.auth(AS.admin))
      .send({
        name: 'OVMS integration',
        scopes: ['incidents:report', 'incidents:read'],
        personId: AS.reporterGuangdong,
      })
      .expect(201);
    expect(ovms.body).toMatchObject({ personId: AS.reporterGuangdong, createdById: AS.admin });
    await t.api
      .post('/api/v1/incidents')
      .set({ authorization: `Bearer ${ovms.body.token}` })
      .send({ ...report, channel: 'ovms_integration', externalRef: 'OVMS-1' })
      .expect(201);
  });
});

describe('malformed credentials', () => {
  it('answers 401 problem+json for a malformed Authorization header', async () => {
    const res = await t.api
      .get('/api/v1/incidents')
      .set('authorization', 'Basic Zm9vOmJhcg==')
      .expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      for (let i = 0; i < 5; i++) {
        await limited.api.get('/api/v1/incidents').set(limited.auth(AS.desk)).expect(200);
      }
      const res = await limited.api.get('/api/v1/incidents').set(limited.auth(AS.desk)).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.type).toBe('/problems/rate-limited');
      // Another person has their own budget, and what is not the API is not counted.
      await limited.api.get('/api/v1/incidents').set(limited.auth(AS.system)).expect(200);
      for (let i = 0; i < 6; i++) {
        await limited.api.get('/healthz').set(limited.auth(AS.desk)).expect(200);
      }
    } finally {
      await limited.close();
    }
  });
});
