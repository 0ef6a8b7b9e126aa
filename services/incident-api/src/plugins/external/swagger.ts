/** OpenAPI 3.1 from the routes' zod schemas; interactive docs at /docs. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.3.0';

type OpenApiDocument = ReturnType<typeof jsonSchemaTransformObject>;

/**
 * The zod provider emits an input and an output variant of every named schema (`X`, `XInput`);
 * a request-only or response-only schema leaves one of them unreferenced. Keep only the
 * components reachable from the paths.
 */
function pruneUnusedSchemas(document: OpenApiDocument): OpenApiDocument {
  const schemas = (document as { components?: { schemas?: Record<string, unknown> } }).components
    ?.schemas;
  if (!schemas) return document;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (!used.has(name) && name in schemas) {
          used.add(name);
          visit(schemas[name]);
        }
      } else {
        visit(value);
      }
    }
  };
  visit((document as { paths?: unknown }).paths);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return document;
}

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
          {
            name: 'notices',
            description: 'Notices, notifications, subscriptions, webhooks, delivery',
          },
          { name: 'identity', description: 'Sign-in, sessions, passwords, API tokens' },
          { name: 'audit', description: 'The tamper-evident audit trail' },
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: (document) => pruneUnusedSchemas(jsonSchemaTransformObject(document)),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
