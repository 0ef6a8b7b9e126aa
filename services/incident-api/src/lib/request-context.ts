import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../domain/audit.js';

/** The audit context of a request: its actor, credential and id. */
export const auditContextOf = (request: FastifyRequest): AuditContext => ({
  actorId: request.actor?.id ?? null,
  credential: request.actor
    ? `${request.actor.credential.kind}:${request.actor.credential.id}`
    : null,
  requestId: request.id,
});
