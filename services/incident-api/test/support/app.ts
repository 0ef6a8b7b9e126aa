/**
 * A real app on a real database for each test file: an in-memory PGlite by default, or a fresh
 * PostgreSQL database of its own (created and dropped here) when DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import supertest from 'supertest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { seedReferenceData } from '../../src/seed/reference.js';
import { eq } from 'drizzle-orm';
import { GROUPS } from '@ovms/policy';
import { apiTokens, groupMembers, people } from '../../src/db/schema.js';
import { TOKEN_SCOPES, type TokenScope } from '../../src/domain/identity/access.js';
import { issueToken } from '../../src/domain/identity/credentials.js';

/** People of the demo roster (plan §3.1), one per group, by the group they act for. */
export const AS = {
  desk: 'su-shengchun',
  system: 'liu-xiaowei',
  vendor: 'liu-wei',
  devops: 'zhang-jianjun',
  leaders: 'wang-xiaofeng',
  reporterGuangdong: 'demo-reporter-gd',
  reporterShanghai: 'demo-reporter-sh',
  admin: 'demo-admin',
} as const;

export interface TestApp {
  app: FastifyInstance;
  api: ReturnType<typeof supertest>;
  database: Database;
  clock: TestClock;
  /** Headers that authenticate as this person (an API token with every scope). */
  auth(personId: string): Record<string, string>;
  /** The same for a person created during the test (issues their token first). */
  authFresh(personId: string): Promise<Record<string, string>>;
  /** A well-formed token that does not exist. */
  unknownToken: Record<string, string>;
  /** Credentials that must be refused, and tokens lacking one scope (authorization tests). */
  matrixCredentials(): Promise<{
    invalid: Record<string, Record<string, string>>;
    lacking(scope: TokenScope): Record<string, string>;
  }>;
  /** Signs in with a password; returns the cookie and CSRF token of the new session. */
  signIn(login: string, password: string): Promise<{ cookie: string; csrfToken: string }>;
  close(): Promise<void>;
}

/** An injected clock: tests set the service's "now". */
export class TestClock {
  constructor(public current: Date) {}
  now = () => new Date(this.current.getTime());
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

async function createScratchDatabase(baseUrl: string) {
  const name = `ovms_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestAppOptions {
  /** Load the reference data (roster, calendars, OVMS, campaign, policy v1). Default true. */
  seed?: boolean;
  /** The demo campaign's window; null for none (OVMS stays grade B). */
  campaignWindow?: { start: Date; end: Date } | null;
  /** Give the demo people their demo passwords (slow: argon2id). Default false. */
  passwords?: boolean;
  /** Extra configuration, e.g. a low rate limit. */
  env?: Record<string, string>;
  now?: string;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = new TestClock(new Date(options.now ?? '2026-03-02T01:00:00Z'));
  const baseUrl = process.env.DATABASE_URL;
  const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
  const database = await openDatabase(scratch ? { url: scratch.url } : { dataDir: 'memory://' });
  if (options.seed !== false) {
    await database.db.transaction((tx) =>
      seedReferenceData(tx, clock.now(), {
        campaignWindow: options.campaignWindow,
        passwords: options.passwords ?? false,
      }),
    );
  }
  // A token for every person, with every scope, valid for a year of test-clock time.
  const tokens = new Map<string, string>();
  const issueTestToken = async (personId: string) => {
    const { token } = await issueToken(
      database.db,
      {
        name: 'test',
        personId,
        scopes: TOKEN_SCOPES,
        createdById: personId,
        expiresAt: new Date(clock.now().getTime() + 365 * 86_400_000),
      },
      clock.now(),
    );
    tokens.set(personId, token);
    return token;
  };
  if (options.seed !== false) {
    const everyone = await database.db.select({ id: people.id }).from(people);
    for (const { id } of everyone) await issueTestToken(id);
  }
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...options.env,
  });
  const app = await buildApp({ config, database, now: clock.now });
  await app.ready();
  return {
    app,
    api: supertest(app.server),
    database,
    clock,
    auth: (personId) => {
      const token = tokens.get(personId);
      if (!token) throw new Error(`no test token for ${personId}`);
      return { authorization: `Bearer ${token}` };
    },
    authFresh: async (personId) => ({
      authorization: `Bearer ${tokens.get(personId) ?? (await issueTestToken(personId))}`,
    }),
    unknownToken: { authorization: `Bearer ovms_000000000000_${'x'.repeat(43)}` },
    matrixCredentials: async () => {
      const now = clock.now();
      const issue = async (
        scopes: readonly TokenScope[],
        expiresAt: Date,
        personId = 'su-shengchun',
      ) =>
        (
          await issueToken(
            database.db,
            { name: 'matrix', personId, scopes, createdById: personId, expiresAt },
            now,
          )
        ).token;
      const later = new Date(now.getTime() + 86_400_000);
      const revoked = await issue(TOKEN_SCOPES, later);
      await database.db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(eq(apiTokens.id, revoked.split('_')[1]!));
      const expired = await issue(TOKEN_SCOPES, new Date(now.getTime() - 1));
      // One person in every group, so that only the scope is missing.
      await database.db
        .insert(people)
        .values({ id: 'matrix-everyone', name: 'Matrix', organisation: '华南区-广东' })
        .onConflictDoNothing();
      await database.db
        .insert(groupMembers)
        .values(GROUPS.map((groupId) => ({ groupId, personId: 'matrix-everyone' })))
        .onConflictDoNothing();
      const lacking = new Map<TokenScope, string>();
      for (const scope of TOKEN_SCOPES) {
        lacking.set(
          scope,
          await issue(
            TOKEN_SCOPES.filter((s) => s !== scope),
            later,
            'matrix-everyone',
          ),
        );
      }
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      return {
        invalid: {
          'no credential': {},
          'revoked token': bearer(revoked),
          'expired token': bearer(expired),
          'malformed token': bearer('not-a-token'),
        },
        lacking: (scope) => bearer(lacking.get(scope)!),
      };
    },
    signIn: async (login, password) => {
      const res = await supertest(app.server)
        .post('/api/v1/auth/sign-in')
        .send({ login, password });
      if (res.status !== 200)
        throw new Error(`sign-in ${login}: ${res.status} ${JSON.stringify(res.body)}`);
      const cookie = [res.headers['set-cookie']]
        .flat()
        .find((c) => c?.startsWith('ovms_session='))!;
      return { cookie: cookie.split(';')[0]!, csrfToken: res.body.csrfToken };
    },
    close: async () => {
      await app.close();
      await database.close();
      await scratch?.drop();
    },
  };
}
