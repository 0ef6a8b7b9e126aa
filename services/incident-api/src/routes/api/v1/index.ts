/** /api/v1: one folder per resource. */
import type { FastifyPluginAsync } from 'fastify';
import audit from './audit/index.js';
import calendars from './calendars/index.js';
import campaigns from './campaigns/index.js';
import changeTasks from './change-tasks/index.js';
import groups from './groups/index.js';
import hotlines from './hotlines/index.js';
import identity from './identity/index.js';
import incidents from './incidents/index.js';
import notices from './notices/index.js';
import people from './people/index.js';
import policy from './policy/index.js';
import subscriptions from './subscriptions/index.js';
import systems from './systems/index.js';
import webhooks from './webhooks/index.js';

const apiV1: FastifyPluginAsync = async (app) => {
  await app.register(identity);
  await app.register(incidents, { prefix: '/incidents' });
  await app.register(changeTasks, { prefix: '/change-tasks' });
  await app.register(systems, { prefix: '/systems' });
  await app.register(webhooks, { prefix: '/webhooks' });
  await app.register(subscriptions, { prefix: '/subscriptions' });
  await app.register(calendars, { prefix: '/calendars' });
  await app.register(campaigns, { prefix: '/campaigns' });
  await app.register(groups, { prefix: '/groups' });
  await app.register(people, { prefix: '/people' });
  await app.register(hotlines, { prefix: '/hotlines' });
  await app.register(policy, { prefix: '/policy' });
  await app.register(audit, { prefix: '/audit' });
  await app.register(notices);
};

export default apiV1;
