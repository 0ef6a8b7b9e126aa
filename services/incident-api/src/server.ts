/**
 * Boots the service: configuration, database, the plan's defaults on a new database, the demo
 * (`--seed-demo`, only where there are no people yet), listen, and a graceful close.
 */
import { loadConfig } from './config.js';
import { buildApp } from './app.js';
import { seedDemo } from './seed/demo.js';
import { ensurePlanDefaults } from './seed/reference.js';
import { DEMO_PASSWORDS } from './seed/roster-2015.js';

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
