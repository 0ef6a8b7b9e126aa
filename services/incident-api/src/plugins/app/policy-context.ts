/** The compiled-calendar cache, shared by every request of this process. */
import fp from 'fastify-plugin';
import { CalendarCache } from '../../domain/reference/calendars.js';

declare module 'fastify' {
  interface FastifyInstance {
    calendars: CalendarCache;
  }
}

export default fp(
  async (app) => {
    app.decorate('calendars', new CalendarCache());
  },
  { name: 'policy-context' },
);
