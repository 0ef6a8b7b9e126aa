/** OpenAPI 3.1 from the routes' zod schemas; interactive docs at /docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.2.0';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'OVMS incident API',
          version: API_VERSION,
          description:
            'Incident response for OVMS nationwide online bidding (2015全网二期线上招标应急预案): ' +
            'report, triage, escalate, resolve and account for incidents in working time.',
          license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
        },
        servers: [{ url: '/', description: 'This server' }],
        components: {
          securitySchemes: {
            apiToken: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API token (ovms_<id>_<secret>) created at POST /api/v1/tokens.',
            },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'ovms_session',
              description: 'The session cookie set by sign-in; writes also need X-CSRF-Token.',
            },
          },
        },
        security: [{ apiToken: [] }, { session: [] }],
        tags: [
          { name: 'incidents', description: 'Report, queue, act on incidents' },
          { name: 'change-tasks', description: 'Releases, emergency releases and SQL scripts' },
          { name: 'reference', description: 'Systems, campaigns, calendars, people, hotlines' },
          { name: 'policy', description: 'The plan’s tables, versioned' },
          { name: 'identity', description: 'Sign-in, sessions, passwords, API tokens' },
          { name: 'audit', description: 'The tamper-evident audit trail' },
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
