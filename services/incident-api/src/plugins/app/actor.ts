/**
 * Who is acting. Until sign-in and API tokens arrive (roadmap step 3), a caller names a person of
 * the roster in the `X-Actor` header and acts with that person's groups. Routes that change
 * incidents require an actor; the policy state machine decides what the actor's groups may do.
 */
import fp from 'fastify-plugin';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { GroupId } from '@ovms/policy';
import { groupMembers, people } from '../../db/schema.js';
import { Problem } from '../../lib/problem.js';

export interface Actor {
  id: string;
  name: string;
  organisation: string;
  groups: GroupId[];
  /** How the actor was identified; recorded in the audit trail. */
  credential: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** preHandler: refuses the request with 401 unless an actor is known. */
    requireActor: (request: FastifyRequest) => Promise<void>;
    /** preHandler factory: the actor must belong to one of these groups (else 403). */
    requireGroup: (...groups: GroupId[]) => (request: FastifyRequest) => Promise<void>;
  }
}

export const ACTOR_HEADER = 'x-actor';

export default fp(
  async (app) => {
    app.decorateRequest('actor', null);

    app.addHook('onRequest', async (request) => {
      const header = request.headers[ACTOR_HEADER];
      const personId = Array.isArray(header) ? header[0] : header;
      if (!personId) return;
      const rows = await app.db
        .select({
          id: people.id,
          name: people.name,
          organisation: people.organisation,
          active: people.active,
          groupId: groupMembers.groupId,
        })
        .from(people)
        .leftJoin(groupMembers, eq(groupMembers.personId, people.id))
        .where(eq(people.id, personId));
      const first = rows[0];
      if (!first || !first.active) {
        throw new Problem(401, 'unknown-actor', 'Unknown actor', `No active person ${personId}.`);
      }
      request.actor = {
        id: first.id,
        name: first.name,
        organisation: first.organisation,
        groups: rows.flatMap((r) => (r.groupId ? [r.groupId as GroupId] : [])),
        credential: 'x-actor-header',
      };
    });

    app.decorate('requireActor', async (request: FastifyRequest) => {
      if (!request.actor) {
        throw new Problem(
          401,
          'actor-required',
          'Actor required',
          `Name the acting person in the ${ACTOR_HEADER} header.`,
        );
      }
    });

    app.decorate('requireGroup', (...allowed: GroupId[]) => async (request: FastifyRequest) => {
      await app.requireActor(request);
      if (!request.actor!.groups.some((g) => allowed.includes(g))) {
        throw new Problem(
          403,
          'forbidden',
          'Forbidden',
          `Only ${allowed.join(', ')} may do this; ${request.actor!.name} is in ${request.actor!.groups.join(', ') || 'no group'}.`,
        );
      }
    });
  },
  { name: 'actor', dependencies: ['database', 'problems'] },
);
