/**
 * Events of changes already committed, sent by the writer once its statement has committed
 * (lifecycle.ts, reports). Each goes out as a NOTIFY of its own short transaction, committed
 * without waiting for the WAL flush: PostgreSQL serialises the commits of notifying transactions,
 * so a NOTIFY in the change's own commit would queue every change behind the one before.
 *
 * Events that arrive while a send is in flight leave together in the next statement, as group
 * commit does: under load one round trip carries many, and alone an event waits for nobody.
 *
 * A send that fails loses its events (a process warning says so) but fails no request: the
 * change is committed already, and live views reload on their polling fallback anyway.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { EVENTS_CHANNEL, type BusEvent } from './bus.js';

interface Waiting {
  payload: string;
  resolve: () => void;
}

class AfterCommitSender {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(private readonly db: DbOrTx) {}

  send(event: BusEvent): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ payload: JSON.stringify(event), resolve });
      if (!this.sending) void this.drain();
    });
  }

  private async drain() {
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        await this.db.execute(sql`
          select set_config('synchronous_commit', 'off', true),
            (select count(pg_notify(${EVENTS_CHANNEL}, payload))
              from jsonb_array_elements_text(${JSON.stringify(batch.map((w) => w.payload))}::jsonb)
                as payload)`);
      } catch (error) {
        process.emitWarning(
          `${batch.length} event(s) of committed changes not sent: ${String(error)}`,
          'EventsNotSent',
        );
      }
      for (const w of batch) w.resolve();
    }
    this.sending = false;
  }
}

const senders = new WeakMap<DbOrTx, AfterCommitSender>();

/** Tells every listener about `event`, a change `db` has committed; resolves once sent (or lost). */
export function publishCommitted(db: DbOrTx, event: BusEvent): Promise<void> {
  let sender = senders.get(db);
  if (!sender) {
    sender = new AfterCommitSender(db);
    senders.set(db, sender);
  }
  return sender.send(event);
}
