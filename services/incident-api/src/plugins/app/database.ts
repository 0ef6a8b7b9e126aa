/** Decorates the app with the database handle and closes it with the app. */
import fp from 'fastify-plugin';
import type { Database, Db } from '../../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: Database;
  }
}

export default fp<{ database: Database; ownsDatabase: boolean }>(
  async (app, { database, ownsDatabase }) => {
    app.decorate('database', database);
    app.decorate('db', database.db);
    if (ownsDatabase) app.addHook('onClose', () => database.close());
  },
  { name: 'database' },
);
