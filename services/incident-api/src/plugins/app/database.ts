/** Decorates the app with the database handle and closes it with the app. */
import fp from 'fastify-plugin';
import type { Database, Db } from '../../db/client.js';
import { flushCommitted } from '../../events/after-commit.js';

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
    app.addHook('onClose', async () => {
      // Events of committed changes still gathering for their NOTIFY leave first.
      await flushCommitted(database.db);
      if (ownsDatabase) await database.close();
    });
  },
  { name: 'database' },
);
