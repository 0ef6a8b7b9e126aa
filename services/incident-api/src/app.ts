/**
 * The application as a plugin tree. `server.ts` only boots it; tests build it without listening.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { serializerCompiler } from './lib/response-serializer.js';
import problems from './plugins/app/problems.js';
import database from './plugins/app/database.js';
import authentication from './plugins/app/authentication.js';
import policyContext from './plugins/app/policy-context.js';
import cookies from './plugins/external/cookies.js';
import rateLimit from './plugins/external/rate-limit.js';
import swagger from './plugins/external/swagger.js';
import webApp from './plugins/external/web-app.js';
import healthRoutes from './routes/health.js';
import apiV1 from './routes/api/v1/index.js';

export interface BuildAppOptions {
  config: AppConfig;
  /** An already open database (tests share one per file); otherwise opened from the config. */
  database?: Database;
  /** The clock; tests inject one. */
  now?: () => Date;
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    // Request ids travel in logs and in the audit trail; a caller may bring its own.
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { coerceTypes: false } },
    // /api/v1/incidents and /api/v1/incidents/ are one resource.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const db =
    options.database ??
    (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }));

  app.decorate('config', config);
  app.decorate('now', options.now ?? (() => new Date()));
  await app.register(problems);
  await app.register(database, { database: db, ownsDatabase: !options.database });
  await app.register(swagger);
  await app.register(cookies);
  await app.register(authentication);
  await app.register(rateLimit);
  await app.register(policyContext);
  await app.register(healthRoutes);
  await app.register(apiV1, { prefix: '/api/v1' });
  await app.register(webApp);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
    now: () => Date;
  }
}
