/** Serves the SPA's production build at `/` once `web` has one; API routes keep precedence. */
import path from 'node:path';
import { existsSync } from 'node:fs';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

export default fp(
  async (app) => {
    const root = path.resolve(import.meta.dirname, '../../..', app.config.WEB_DIST);
    if (!existsSync(path.join(root, 'index.html'))) {
      app.log.debug({ root }, 'no SPA build: / is not served');
      return;
    }
    await app.register(fastifyStatic, { root, wildcard: false });
    // Client-side routes of the SPA fall back to index.html; unknown API paths stay problem+json.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.callNotFound();
      }
      return reply.sendFile('index.html');
    });
  },
  { name: 'web-app', dependencies: ['problems'] },
);
