/**
 * The real service, as `server.ts` boots it but on the bench database, silent, on an ephemeral
 * port: every plugin, hook, schema and query of production is on the measured path.
 */
import { buildApp } from '../../src/app.js';
import { startAuditSealer } from '../../src/domain/audit.js';
import { reportWriterStats } from '../../src/domain/incidents/report-write.js';
import { loadConfig } from '../../src/config.js';
import { BENCH_RATE_LIMIT_PER_MINUTE, listenAndAnnounce } from './announce.js';

const config = loadConfig({
  LOG_LEVEL: 'silent',
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
  HOST: '127.0.0.1',
  PORT: '0',
  // One person sends every request of the bench, hundreds a second: the limiter still runs on
  // each request, but its per-person ceiling must not be what is measured.
  RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
});
const app = await buildApp({ config });
// As server.ts: the audit entries the creates write are chained in this process, on the clock.
const sealer = startAuditSealer({ db: app.db, log: app.log });
app.addHook('preClose', () => sealer.stop());
// How reports left (domain/incidents/report-write.ts): the bench prints it beside its figures.
app.addHook('onClose', () => {
  const { reports, statements, batchesRetriedAlone } = reportWriterStats(app.db);
  const mean = statements === 0 ? 0 : reports / statements;
  console.log(
    `  service: ${reports} reports in ${statements} statements (${mean.toFixed(2)} a statement)` +
      (batchesRetriedAlone > 0 ? `, ${batchesRetriedAlone} batches written again alone` : ''),
  );
});
await listenAndAnnounce(app);
