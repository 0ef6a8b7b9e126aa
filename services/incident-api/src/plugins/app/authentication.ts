/**
 * Who is calling, and may they. A request carries either an API token (`Authorization: Bearer`)
 * or the session cookie of a signed-in person; both resolve to an actor with groups and scopes.
 * Cookie-authenticated writes must echo the session's CSRF token in `X-CSRF-Token`. Every /api
 * route declares its access rule (`config.access`); a route without one stops the boot.
 */
import fp from 'fastify-plugin';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GroupId } from '@ovms/policy';
import { apiTokens, groupMembers, people, sessions } from '../../db/schema.js';
import { TOKEN_SCOPES, type AccessRule, type TokenScope } from '../../domain/identity/access.js';
import { safeEqual, secretHash } from '../../domain/identity/secrets.js';
import { SESSION_COOKIE, parseToken } from '../../domain/identity/credentials.js';
import { Problem } from '../../lib/problem.js';
import type { Db } from '../../db/client.js';

export type Credential =
  | { kind: 'session'; id: string; csrfToken: string; expiresAt: Date }
  | { kind: 'token'; id: string };

export interface Actor {
  id: string;
  name: string;
  organisation: string;
  groups: GroupId[];
  scopes: readonly TokenScope[];
  credential: Credential;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Why the credential sent was refused; thrown by every route that is not public. */
    credentialError: Problem | null;
  }
  interface FastifyInstance {
    /** The groups a person belongs to. */
    groupsOf: (personId: string) => Promise<GroupId[]>;
  }
}

/** Activity refreshes a session's idle clock at most this often (one write a minute, not per request). */
const TOUCH_EVERY_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthorized = (detail: string) => new Problem(401, 'unauthorized', 'Unauthorized', detail);

/** The person's groups, read in the same statement as the credential (one round trip). */
const groupsColumn = sql<GroupId[]>`array(select ${groupMembers.groupId} from ${groupMembers}
  where ${groupMembers.personId} = ${people.id})`;

async function groupsOf(db: Db, personId: string): Promise<GroupId[]> {
  const rows = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.personId, personId));
  return rows.map((r) => r.groupId as GroupId);
}

export default fp(
  async (app) => {
    const { SESSION_IDLE_MINUTES } = app.config;
    app.decorateRequest('actor', null);
    app.decorateRequest('credentialError', null);
    app.decorate('groupsOf', (personId: string) => groupsOf(app.db, personId));

    async function fromToken(request: FastifyRequest, header: string): Promise<Actor> {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const parsed = match ? parseToken(match[1]!) : undefined;
      if (!parsed) throw unauthorized('The Authorization header must be "Bearer <API token>".');
      const [row] = await app.db
        .select({ token: apiTokens, person: people, groups: groupsColumn })
        .from(apiTokens)
        .innerJoin(people, eq(people.id, apiTokens.personId))
        .where(eq(apiTokens.id, parsed.id));
      const now = app.now();
      if (!row || !safeEqual(row.token.secretHash, secretHash(parsed.secret))) {
        throw unauthorized('Unknown API token.');
      }
      if (row.token.revokedAt) throw unauthorized(`API token ${row.token.id} was revoked.`);
      if (row.token.expiresAt <= now) throw unauthorized(`API token ${row.token.id} has expired.`);
      if (!row.person.active) throw unauthorized(`${row.person.name} is no longer active.`);
      if (
        !row.token.lastUsedAt ||
        now.getTime() - row.token.lastUsedAt.getTime() > TOUCH_EVERY_MS
      ) {
        await app.db
          .update(apiTokens)
          .set({ lastUsedAt: now, lastUsedAddress: request.ip })
          .where(eq(apiTokens.id, row.token.id));
      }
      return {
        id: row.person.id,
        name: row.person.name,
        organisation: row.person.organisation,
        groups: row.groups,
        scopes: row.token.scopes.filter((s): s is TokenScope =>
          (TOKEN_SCOPES as readonly string[]).includes(s),
        ),
        credential: { kind: 'token', id: row.token.id },
      };
    }

    async function fromSession(request: FastifyRequest, secret: string): Promise<Actor | null> {
      const [row] = await app.db
        .select({ session: sessions, person: people, groups: groupsColumn })
        .from(sessions)
        .innerJoin(people, eq(people.id, sessions.personId))
        .where(and(eq(sessions.secretHash, secretHash(secret)), isNull(sessions.revokedAt)));
      const now = app.now();
      const idleLimit = SESSION_IDLE_MINUTES * 60_000;
      if (
        !row ||
        !row.person.active ||
        row.session.expiresAt <= now ||
        now.getTime() - row.session.lastSeenAt.getTime() > idleLimit
      ) {
        return null;
      }
      if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await app.db
          .update(sessions)
          .set({ lastSeenAt: now })
          .where(eq(sessions.secretHash, row.session.secretHash));
      }
      return {
        id: row.person.id,
        name: row.person.name,
        organisation: row.person.organisation,
        groups: row.groups,
        scopes: TOKEN_SCOPES,
        credential: {
          kind: 'session',
          id: row.session.id,
          csrfToken: row.session.csrfToken,
          expiresAt: row.session.expiresAt,
        },
      };
    }

    app.addHook('onRequest', async (request, reply) => {
      const authorization = request.headers.authorization;
      if (authorization) {
        try {
          request.actor = await fromToken(request, authorization);
        } catch (error) {
          if (!(error instanceof Problem)) throw error;
          request.credentialError = error;
        }
        return;
      }
      const secret = request.cookies[SESSION_COOKIE];
      if (!secret) return;
      request.actor = await fromSession(request, secret);
      if (!request.actor) {
        // An expired or revoked session: forget the cookie; the route decides if it needs one.
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return;
      }
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        const token = Array.isArray(sent) ? sent[0] : sent;
        const expected = (request.actor.credential as { csrfToken: string }).csrfToken;
        if (!token || !safeEqual(token, expected)) {
          throw new Problem(
            403,
            'csrf',
            'CSRF token missing or wrong',
            'A write with the session cookie must send the session’s CSRF token in X-CSRF-Token.',
          );
        }
      }
    });

    /** Enforces a route's access rule before its input is validated. */
    function enforce(rule: AccessRule) {
      return async (request: FastifyRequest, _reply: FastifyReply) => {
        if (rule.scope === 'public') return;
        if (request.credentialError) throw request.credentialError;
        const actor = request.actor;
        if (!actor) {
          throw unauthorized('Sign in, or send an API token in Authorization: Bearer.');
        }
        if (rule.scope !== 'signed-in' && !actor.scopes.includes(rule.scope)) {
          throw new Problem(
            403,
            'insufficient-scope',
            'Insufficient scope',
            `This API token lacks the scope ${rule.scope}.`,
          );
        }
        if (rule.groups && !actor.groups.some((g) => rule.groups!.includes(g))) {
          throw new Problem(
            403,
            'forbidden',
            'Forbidden',
            `Only ${rule.groups.join(', ')} may do this; ${actor.name} is in ${actor.groups.join(', ') || 'no group'}.`,
          );
        }
      };
    }

    app.addHook('onRoute', (route) => {
      const rule = route.config?.access;
      if (!rule) {
        if (route.url.startsWith('/api/')) {
          throw new Error(`${route.method} ${route.url} declares no access rule (config.access)`);
        }
        return;
      }
      // The OpenAPI document says which operations need no credential.
      if (rule.scope === 'public' && route.schema) route.schema = { ...route.schema, security: [] };
      const existing = route.preValidation;
      route.preValidation = [
        enforce(rule),
        ...(existing ? (Array.isArray(existing) ? existing : [existing]) : []),
      ];
    });
  },
  { name: 'authentication', dependencies: ['database', 'problems', 'cookies'] },
);
