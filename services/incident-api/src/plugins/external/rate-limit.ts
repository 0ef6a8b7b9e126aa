/**
 * A general rate limit on the API per person (per address before sign-in): 429 problem+json
 * with Retry-After. Counters live in this process; roadmap step 7 shares them across processes.
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { Problem } from '../../lib/problem.js';

export default fp(
  async (app) => {
    await app.register(rateLimit, {
      global: true,
      max: app.config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      hook: 'preValidation',
      // The SPA's own files are not API calls: a few page loads must not use up a person's budget.
      allowList: (request) => !request.url.startsWith('/api/'),
      keyGenerator: (request) =>
        request.actor ? `person:${request.actor.id}` : `address:${request.ip}`,
      errorResponseBuilder: (_request, context) =>
        new Problem(
          429,
          'rate-limited',
          'Too many requests',
          `More than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s.`,
          { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
        ),
    });
  },
  { name: 'rate-limit', dependencies: ['authentication'] },
);
