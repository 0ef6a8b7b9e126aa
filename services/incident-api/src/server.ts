/**
 * Boots the service: configuration, database, the plan's defaults on a new database, the demo
 * (`--seed-demo`, only where there are no people yet), listen, and a graceful close.
 */
import { loadConfig } from './config.js';
import { buildApp } from './app.js';
import { seedDemo } from './seed/demo.js';
import { ensurePlanDefaults } from './seed/reference.js';
import { DEMO_PASSWORDS } from './seed/roster-2015.js';
// SLA runner and outbox worker (roadmap step 4).
import { eq } from 'drizzle-orm';
import { webhooks } from './db/schema.js';
import { deliver, mailerFromConfig } from './delivery/index.js';
import { startOutboxWorker } from './notices/outbox-worker.js';
import { startSlaRunner } from './notices/runner.js';
import { startAuditSealer } from './domain/audit.js';

const config = loadConfig();
const app = await buildApp({ config });

if (await app.db.transaction((tx) => ensurePlanDefaults(tx))) {
  app.log.info('new database: the plan’s groups, hotlines, calendars and tables loaded');
}
if (process.argv.includes('--seed-demo')) {
  const seeded = await seedDemo(app.db, app.now());
  if (seeded) {
    app.log.info(seeded, 'empty database: demo data loaded');
    const logins = Object.entries(DEMO_PASSWORDS)
      .map(([login, password]) => `  ${login.padEnd(18)} ${password}`)
      .join('\n');
    process.stdout.write(`\nDemo sign-in (login, password), one person per group:\n${logins}\n\n`);
  }
}

// SLA runner and outbox worker (roadmap step 4): every process runs both; row locks share the
// work. Stopped before the database closes (preClose runs before every onClose).
const runner = startSlaRunner({
  db: app.db,
  calendars: app.calendars,
  now: app.now,
  log: app.log,
  publicUrl: config.PUBLIC_URL,
});
const mailer = mailerFromConfig(config, { info: (message) => app.log.info(message) });
const outboxWorker = startOutboxWorker({
  db: app.db,
  now: app.now,
  log: app.log,
  deliver: (item) =>
    deliver(item, {
      now: app.now,
      ...(mailer ? { mailer } : {}),
      webhooks: async (id) => (await app.db.select().from(webhooks).where(eq(webhooks.id, id)))[0],
    }),
});
// The audit chain's sealer: writes append their audit entries unchained, this chains them.
const sealer = startAuditSealer({ db: app.db, log: app.log });
app.addHook('preClose', async () => {
  await Promise.all([runner.stop(), outboxWorker.stop(), sealer.stop()]);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(
  { engine: app.database.engine, docs: `http://${config.HOST}:${config.PORT}/docs` },
  'OVMS incident API ready',
);
