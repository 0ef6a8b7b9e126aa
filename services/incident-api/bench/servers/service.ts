/**
 * The real service, as `server.ts` boots it but on the bench database, silent, on an ephemeral
 * port: every plugin, hook, schema and query of production is on the measured path.
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { listenAndAnnounce } from './announce.js';

const config = loadConfig({
  LOG_LEVEL: 'silent',
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
  HOST: '127.0.0.1',
  PORT: '0',
});
const app = await buildApp({ config });
await listenAndAnnounce(app);
