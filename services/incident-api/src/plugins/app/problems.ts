/**
 * The central error handler: every error leaves as RFC 9457 problem+json. Validation errors name
 * each field with a JSON pointer; details of 5xx errors stay in the log, never in the response.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, type FieldError } from '../../lib/problem.js';

function send(reply: FastifyReply, request: FastifyRequest, problem: Problem) {
  const retryAfter = problem.extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send(problem.toDocument(request.url));
}

/** Escapes a path segment for a JSON pointer (RFC 6901). */
const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** A zod issue's bound (`minimum` of too_small, `maximum` of too_big), as a plain number. */
function boundOf(params: Record<string, unknown>): number | undefined {
  const bound = params.minimum ?? params.maximum;
  return typeof bound === 'number' || typeof bound === 'bigint' ? Number(bound) : undefined;
}

function fromFastifyError(error: FastifyError): Problem {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const errors: FieldError[] = error.validation.map((v) => {
      const limit = boundOf(v.params);
      return {
        pointer:
          `/${where}` +
          (v.instancePath === '/' ? '' : v.instancePath.split('/').map(pointerSegment).join('/')),
        detail: v.message ?? 'invalid',
        code: v.keyword,
        ...(limit === undefined ? {} : { limit }),
      };
    });
    const fields = errors.map((e) => e.pointer).join(', ');
    return new Problem(400, 'validation', 'Invalid request', `Invalid fields: ${fields}.`, {
      errors,
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'unsupported-media-type', 'Unsupported media type', error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, 'malformed-body', 'Malformed body', error.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, 'body-too-large', 'Body too large', error.message);
  }
  if (error.statusCode === 400 && error.message.includes('JSON')) {
    return new Problem(400, 'malformed-body', 'Malformed body', error.message);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new Problem(error.statusCode, 'request-error', error.message, error.message);
  }
  return new Problem(
    500,
    'internal',
    'Internal server error',
    'Something went wrong on our side; it has been logged.',
  );
}

export default fp(
  async (app) => {
    app.setErrorHandler(async (thrown: FastifyError, request, reply) => {
      let error: unknown = thrown;
      let problem = thrown instanceof Problem ? thrown : fromFastifyError(thrown);
      // A route that acts on this process's last reading of the credential re-checks it in its
      // own statement (plugins/app/authentication.ts). Refused before that statement ran (a
      // malformed query, an unknown system), it reads the credential afresh first: a revoked
      // token hears 401, never how its request would have been judged. Not for 429: a flood is
      // answered without a read per request.
      const clientError = problem.status >= 400 && problem.status < 500;
      const judged = clientError && problem.status !== 401 && problem.status !== 429;
      if (request.credentialCheck && judged) {
        try {
          await request.server.authenticateAfresh(request, reply);
        } catch (refusal) {
          error = refusal;
          problem =
            refusal instanceof Problem ? refusal : fromFastifyError(refusal as FastifyError);
        }
      }
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ problem: problem.slug, detail: problem.message }, 'request refused');
      return send(reply, request, problem);
    });

    app.setNotFoundHandler((request, reply) =>
      send(
        reply,
        request,
        new Problem(
          404,
          'route-not-found',
          'Not found',
          `No route ${request.method} ${request.url.split('?')[0]}.`,
        ),
      ),
    );
  },
  { name: 'problems' },
);
