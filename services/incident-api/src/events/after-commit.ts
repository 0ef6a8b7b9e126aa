/**
 * Events of changes already committed, sent by the writer once its statement has committed
 * (lifecycle.ts, reports). Each goes out as a NOTIFY of its own short transaction, committed
 * without waiting for the WAL flush: PostgreSQL serialises the commits of notifying transactions,
 * so a NOTIFY in the change's own commit would queue every change behind the one before.
 *
 * Events leave together, as group commit does: the first of a batch waits up to GATHER_MS for
 * others, and events that arrive while a send is in flight leave in the next statement. The
 * writer does not wait for the send (a report answers once committed): under load one NOTIFY
 * transaction carries many events, which was a fifth of a report's cost when each report waited
 * for its own (bench/profile.ts). Closing the app sends what is left (flushCommitted).
 *
 * A send that fails loses its events (a process warning says so) but fails no request: the
 * change is committed already, and live views reload on their polling fallback anyway.
 */
import type { DbOrTx } from '../db/client.js';
import { runPrepared } from '../db/prepared.js';
import { EVENTS_CHANNEL, type BusEvent } from './bus.js';

/** How long the first event of a batch waits for others: live views see it this much later. */
const GATHER_MS = 10;

const notifyBatch = {
  name: 'events-after-commit-v1',
  text: `select set_config('synchronous_commit', 'off', true),
      (select count(pg_notify('${EVENTS_CHANNEL}', payload))
        from jsonb_array_elements_text($1::jsonb) as payload)`,
};

interface Waiting {
  payload: string;
  resolve: () => void;
}

class AfterCommitSender {
  private waiting: Waiting[] = [];
  private sending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: DbOrTx) {}

  send(event: BusEvent): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ payload: JSON.stringify(event), resolve });
      this.schedule();
    });
  }

  /** Sends what is waiting now; resolves once nothing is left. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.sending = this.sendBatch();
      }
      if (!this.sending) return;
      await this.sending;
    }
  }

  private schedule() {
    if (this.sending || this.timer || this.waiting.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sending = this.sendBatch();
    }, GATHER_MS);
  }

  private async sendBatch() {
    const batch = this.waiting.splice(0);
    try {
      await runPrepared(this.db, notifyBatch, [JSON.stringify(batch.map((w) => w.payload))]);
    } catch (error) {
      process.emitWarning(
        `${batch.length} event(s) of committed changes not sent: ${String(error)}`,
        'EventsNotSent',
      );
    }
    for (const w of batch) w.resolve();
    this.sending = undefined;
    this.schedule();
  }
}

const senders = new WeakMap<DbOrTx, AfterCommitSender>();

/**
 * Tells every listener about `event`, a change `db` has committed; resolves once sent (or lost).
 * Writers need not wait for it.
 */
export function publishCommitted(db: DbOrTx, event: BusEvent): Promise<void> {
  let sender = senders.get(db);
  if (!sender) {
    sender = new AfterCommitSender(db);
    senders.set(db, sender);
  }
  return sender.send(event);
}

/** Sends the events still waiting to leave through `db` (before it closes). */
export async function flushCommitted(db: DbOrTx): Promise<void> {
  await senders.get(db)?.flush();
}
