/** The compiled-calendar and reference caches, shared by every request of this process. */
import fp from 'fastify-plugin';
import { CalendarCache } from '../../domain/reference/calendars.js';
import { ReferenceCache } from '../../domain/incidents/policy-inputs.js';

declare module 'fastify' {
  interface FastifyInstance {
    calendars: CalendarCache;
    /** Reports' reference facts by system, checked by stamp in each report's write. */
    reference: ReferenceCache;
  }
}

export default fp(
  async (app) => {
    app.decorate('calendars', new CalendarCache());
    app.decorate('reference', new ReferenceCache());
  },
  { name: 'policy-context' },
);
