/**
 * One "service process" of the exactly-once test: the SLA runner and the outbox worker against
 * the database in DATABASE_URL, reading "now" from the file in CLOCK_FILE (the test moves it).
 * Prints `ready` once started; stops on SIGTERM; the test may SIGKILL it at any moment.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { webhooks } from '../src/db/schema.js';
import { deliver } from '../src/delivery/index.js';
import { CalendarCache } from '../src/domain/reference/calendars.js';
import { startOutboxWorker } from '../src/notices/outbox-worker.js';
import { startSlaRunner } from '../src/notices/runner.js';

const url = process.env.DATABASE_URL!;
const clockFile = process.env.CLOCK_FILE!;
const now = () => new Date(Number(readFileSync(clockFile, 'utf8')));
const log = {
  info: () => undefined,
  error: (obj: object, msg?: string) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`),
};

const database = await openDatabase({ url });
const runner = startSlaRunner({
  db: database.db,
  calendars: new CalendarCache(),
  now,
  log,
  pollMs: 25,
  batch: 50,
});
const worker = startOutboxWorker({
  db: database.db,
  now,
  log,
  pollMs: 25,
  batch: 50,
  leaseMs: 5_000,
  deliver: (item) =>
    deliver(item, {
      now,
      webhooks: async (id) =>
        (await database.db.select().from(webhooks).where(eq(webhooks.id, id)))[0],
    }),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void Promise.all([runner.stop(), worker.stop()])
    .then(() => database.close())
    .then(() => process.exit(0));
});
