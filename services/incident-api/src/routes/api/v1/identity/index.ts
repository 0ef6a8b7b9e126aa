/**
 * Sign-in, sessions, passwords and API tokens.
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiTokens, people, personPasswords } from '../../../../db/schema.js';
import { access, TOKEN_SCOPES } from '../../../../domain/identity/access.js';
import { recordAudit } from '../../../../domain/audit.js';
import {
  SESSION_COOKIE,
  issueToken,
  revokeSession,
  revokeSessionsOf,
  startSession,
} from '../../../../domain/identity/credentials.js';
import {
  decoyHash,
  hashPassword,
  newPasswordSchema as password,
  verifyPassword,
} from '../../../../domain/identity/passwords.js';
import {
  assertNotThrottled,
  clearAccountFailures,
  recordSignInFailure,
} from '../../../../domain/identity/sign-in-throttle.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { problemResponse, readErrors, writeErrors } from '../../../../lib/responses.js';

const sessionSchema = z
  .object({
    person: z.object({
      id: z.string(),
      name: z.string(),
      organisation: z.string(),
      groups: z.array(z.string()),
    }),
    credential: z.enum(['session', 'token']),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send it in X-CSRF-Token with every write made with the session cookie.'),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'Session' });

const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    personId: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdById: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    lastUsedAddress: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const tokenDto = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  personId: t.personId,
  scopes: t.scopes as (typeof TOKEN_SCOPES)[number][],
  createdById: t.createdById,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt.toISOString(),
  revokedAt: iso(t.revokedAt),
  lastUsedAt: iso(t.lastUsedAt),
  lastUsedAddress: t.lastUsedAddress,
});

const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app;
  const throttle = {
    windowMinutes: config.SIGN_IN_WINDOW_MINUTES,
    perAccount: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
    perAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
  };
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.COOKIE_SECURE,
  };

  app.post(
    '/auth/sign-in',
    {
      config: { access: access.public },
      schema: {
        tags: ['identity'],
        operationId: 'signIn',
        summary: 'Sign in with a password; sets the session cookie',
        body: z
          .object({
            login: z.string().trim().min(1).max(100),
            password: z.string().min(1).max(200),
          })
          .meta({ id: 'SignIn' }),
        response: { 200: sessionSchema, 401: problemResponse, ...readErrors },
      },
    },
    async (request, reply) => {
      const { login } = request.body;
      const now = app.now();
      await assertNotThrottled(app.db, login, request.ip, now, throttle);
      const [row] = await app.db
        .select({ person: people, hash: personPasswords.hash })
        .from(people)
        .leftJoin(personPasswords, eq(personPasswords.personId, people.id))
        .where(eq(people.id, login));
      const valid = await verifyPassword(row?.hash ?? (await decoyHash()), request.body.password);
      if (!row || !row.hash || !valid || !row.person.active) {
        await app.db.transaction(async (tx) => {
          await recordSignInFailure(tx, login, request.ip, now);
          await recordAudit(tx, auditContextOf(request), {
            action: 'session.sign_in_failed',
            entity: 'person',
            entityId: login,
            after: { address: request.ip },
          });
        });
        throw new Problem(401, 'sign-in-failed', 'Sign-in failed', 'Wrong login or password.');
      }
      const { secret, session } = await app.db.transaction(async (tx) => {
        await clearAccountFailures(tx, login, now, throttle);
        const started = await startSession(
          tx,
          row.person.id,
          now,
          {
            idleMinutes: config.SESSION_IDLE_MINUTES,
            absoluteHours: config.SESSION_ABSOLUTE_HOURS,
          },
          { address: request.ip, userAgent: request.headers['user-agent'] },
        );
        await recordAudit(
          tx,
          {
            actorId: row.person.id,
            credential: `session:${started.session.id}`,
            requestId: request.id,
          },
          {
            action: 'session.sign_in',
            entity: 'session',
            entityId: started.session.id,
            after: { address: request.ip, expiresAt: started.session.expiresAt.toISOString() },
          },
        );
        return started;
      });
      const groups = await app.groupsOf(row.person.id);
      reply.setCookie(SESSION_COOKIE, secret, {
        ...cookieOptions,
        expires: session.expiresAt,
      });
      return {
        person: {
          id: row.person.id,
          name: row.person.name,
          organisation: row.person.organisation,
          groups,
        },
        credential: 'session' as const,
        scopes: [...TOKEN_SCOPES],
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        operationId: 'getSession',
        summary: 'Who I am: person, groups, scopes, and the CSRF token of my session',
        response: { 200: sessionSchema, 401: problemResponse, ...readErrors },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const session = actor.credential.kind === 'session' ? actor.credential : undefined;
      return {
        person: {
          id: actor.id,
          name: actor.name,
          organisation: actor.organisation,
          groups: actor.groups,
        },
        credential: actor.credential.kind,
        scopes: [...actor.scopes],
        csrfToken: session?.csrfToken ?? null,
        expiresAt: session ? session.expiresAt.toISOString() : null,
      };
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        operationId: 'signOut',
        summary: 'Sign out: ends this session',
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      if (actor.credential.kind === 'session') {
        const sessionId = actor.credential.id;
        await app.db.transaction(async (tx) => {
          await revokeSession(tx, sessionId, app.now());
          await recordAudit(tx, auditContextOf(request), {
            action: 'session.sign_out',
            entity: 'session',
            entityId: sessionId,
          });
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/auth/password',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        operationId: 'changePassword',
        summary: 'Change my password; my other sessions end',
        body: z
          .object({ currentPassword: z.string().min(1).max(200), newPassword: password })
          .meta({ id: 'PasswordChange' }),
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const [row] = await app.db
        .select({ hash: personPasswords.hash })
        .from(personPasswords)
        .where(eq(personPasswords.personId, actor.id));
      if (!row || !(await verifyPassword(row.hash, request.body.currentPassword))) {
        throw new Problem(
          403,
          'wrong-password',
          'Wrong password',
          'The current password is wrong.',
          {
            errors: [{ pointer: '/body/currentPassword', detail: 'wrong password' }],
          },
        );
      }
      const hash = await hashPassword(request.body.newPassword);
      const now = app.now();
      await app.db.transaction(async (tx) => {
        await tx
          .update(personPasswords)
          .set({ hash, changedAt: now })
          .where(eq(personPasswords.personId, actor.id));
        const ended = await revokeSessionsOf(
          tx,
          actor.id,
          now,
          actor.credential.kind === 'session' ? actor.credential.id : undefined,
        );
        await recordAudit(tx, auditContextOf(request), {
          action: 'person.password_change',
          entity: 'person',
          entityId: actor.id,
          after: { otherSessionsEnded: ended },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/people/:personId/password',
    {
      config: { access: access.admin },
      schema: {
        tags: ['identity'],
        operationId: 'resetPassword',
        summary: 'An admin sets a person’s password; their sessions end',
        params: z.object({ personId: z.string().min(1) }),
        body: z.object({ newPassword: password }).meta({ id: 'PasswordReset' }),
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { personId } = request.params;
      const [person] = await app.db
        .select({ id: people.id })
        .from(people)
        .where(eq(people.id, personId));
      if (!person) throw notFound('Person', personId);
      const hash = await hashPassword(request.body.newPassword);
      const now = app.now();
      await app.db.transaction(async (tx) => {
        await tx
          .insert(personPasswords)
          .values({ personId, hash, changedAt: now })
          .onConflictDoUpdate({ target: personPasswords.personId, set: { hash, changedAt: now } });
        const ended = await revokeSessionsOf(tx, personId, now);
        await recordAudit(tx, auditContextOf(request), {
          action: 'person.password_reset',
          entity: 'person',
          entityId: personId,
          after: { sessionsEnded: ended },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tokens',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        operationId: 'listApiTokens',
        summary: 'API tokens: mine, or an admin’s view of a person’s or of all',
        querystring: z.object({ personId: z.string().optional() }),
        response: {
          200: z.array(tokenSchema),
          401: problemResponse,
          403: problemResponse,
          ...readErrors,
        },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const isAdmin = actor.groups.includes('admin') && actor.scopes.includes('admin');
      const personId = request.query.personId ?? (isAdmin ? undefined : actor.id);
      if (personId !== actor.id && !isAdmin) {
        throw new Problem(
          403,
          'forbidden',
          'Forbidden',
          'Only an admin sees other people’s tokens.',
        );
      }
      const rows = await app.db
        .select()
        .from(apiTokens)
        .where(personId ? eq(apiTokens.personId, personId) : undefined)
        .orderBy(desc(apiTokens.createdAt));
      return rows.map(tokenDto);
    },
  );

  app.post(
    '/tokens',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        operationId: 'createApiToken',
        summary: 'Create an API token (shown once); an admin may create one for another person',
        body: z
          .object({
            name: z.string().trim().min(1).max(100),
            scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
            expiresInDays: z.number().int().min(1).max(366).default(90),
            personId: z
              .string()
              .optional()
              .describe('For whom; default yourself (admins only for others).'),
          })
          .meta({ id: 'ApiTokenRequest' }),
        response: {
          201: tokenSchema.extend({
            token: z.string().describe('The secret: shown this once, stored only as a hash.'),
          }),
          ...writeErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const isAdmin = actor.groups.includes('admin') && actor.scopes.includes('admin');
      const personId = request.body.personId ?? actor.id;
      if (personId !== actor.id && !isAdmin) {
        throw new Problem(
          403,
          'field-forbidden',
          'Field not allowed',
          'Only an admin creates tokens for others.',
          {
            errors: [{ pointer: '/body/personId', detail: 'admins only' }],
          },
        );
      }
      // A token never carries more than its creator may do: no one mints a scope they lack.
      const beyond = request.body.scopes.filter(
        (s) => !actor.scopes.includes(s) || (s === 'admin' && !isAdmin),
      );
      if (beyond.length > 0) {
        throw new Problem(
          403,
          'field-forbidden',
          'Field not allowed',
          `You cannot grant ${beyond.join(', ')}.`,
          {
            errors: [
              { pointer: '/body/scopes', detail: `not yours to grant: ${beyond.join(', ')}` },
            ],
          },
        );
      }
      const [person] = await app.db
        .select({ id: people.id })
        .from(people)
        .where(eq(people.id, personId));
      if (!person) {
        throw new Problem(
          422,
          'unknown-reference',
          'Unknown reference',
          `Person ${personId} does not exist.`,
          {
            errors: [{ pointer: '/body/personId', detail: `no person ${personId}` }],
          },
        );
      }
      const now = app.now();
      const issued = await app.db.transaction(async (tx) => {
        const result = await issueToken(
          tx,
          {
            name: request.body.name,
            personId,
            scopes: request.body.scopes,
            createdById: actor.id,
            expiresAt: new Date(now.getTime() + request.body.expiresInDays * 86_400_000),
          },
          now,
        );
        await recordAudit(tx, auditContextOf(request), {
          action: 'token.create',
          entity: 'api_token',
          entityId: result.row.id,
          after: { name: result.row.name, personId, scopes: result.row.scopes },
        });
        return result;
      });
      return reply.code(201).send({
        ...tokenDto({ ...issued.row, revokedAt: null, lastUsedAt: null, lastUsedAddress: null }),
        token: issued.token,
      });
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        operationId: 'revokeApiToken',
        summary: 'Revoke an API token (mine, or any as admin)',
        params: z.object({ tokenId: z.string().min(1) }),
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      const isAdmin = actor.groups.includes('admin') && actor.scopes.includes('admin');
      const { tokenId } = request.params;
      const now = app.now();
      await app.db.transaction(async (tx) => {
        const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
        if (!token || (token.personId !== actor.id && !isAdmin))
          throw notFound('API token', tokenId);
        await tx
          .update(apiTokens)
          .set({ revokedAt: token.revokedAt ?? now })
          .where(and(eq(apiTokens.id, tokenId)));
        await recordAudit(tx, auditContextOf(request), {
          action: 'token.revoke',
          entity: 'api_token',
          entityId: tokenId,
          before: { revokedAt: iso(token.revokedAt) },
          after: { revokedAt: (token.revokedAt ?? now).toISOString() },
        });
      });
      return reply.code(204).send(null);
    },
  );
};

export default identityRoutes;
