/** /api/v1: one folder per resource. */
import type { FastifyPluginAsync } from 'fastify';
import incidents from './incidents/index.js';
import systems from './systems/index.js';

const apiV1: FastifyPluginAsync = async (app) => {
  await app.register(incidents, { prefix: '/incidents' });
  await app.register(systems, { prefix: '/systems' });
};

export default apiV1;
