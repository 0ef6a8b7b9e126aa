/**
 * The event bus: what changed, told to every process's live streams (Server-Sent Events).
 * `publish` runs inside the writing transaction as `pg_notify`, so an event goes out on commit
 * and never for a rolled-back change; PostgreSQL delivers it to every listening connection (every
 * API process), PGlite to its own listeners. Events are hints for live views, not a record: a
 * client that missed one reloads what it shows.
 */
import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';

export const EVENTS_CHANNEL = 'ovms_events';

/** Who may see the incident an event is about (visibility.ts `canSee`). */
export interface IncidentScope {
  incidentId: number;
  reporterOrganisation: string;
  visibleTo: readonly string[];
}

export type BusEvent =
  | (IncidentScope & {
      type: 'incident.changed';
      action: string;
      version: number;
      status: string;
      priority: string;
      holderGroup: string;
    })
  | (IncidentScope & {
      type: 'notice.created';
      noticeId: number;
      key: string;
      kind: string;
      percent: number | null;
    })
  | {
      type: 'notifications.created';
      /** Whose bell rings: each stream sends it only to its own viewer, without this list. */
      personIds: readonly string[];
      incidentId: number | null;
    };

/** Tells every listener about `event` once `tx` commits (NOTIFY payloads stay under 8 kB). */
export async function publish(tx: DbOrTx, event: BusEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
}

/** The event of an incident change, from the row as written. */
export function incidentChanged(
  incidentId: number,
  row: {
    version?: number | undefined;
    status: string;
    priority: string;
    holderGroup: string;
    reporterOrganisation: string;
    visibleTo?: readonly string[] | undefined;
  },
  action: string,
): BusEvent {
  return {
    type: 'incident.changed',
    incidentId,
    action,
    version: row.version ?? 1,
    status: row.status,
    priority: row.priority,
    holderGroup: row.holderGroup,
    reporterOrganisation: row.reporterOrganisation,
    visibleTo: row.visibleTo ?? [],
  };
}

export type EventHandler = (event: BusEvent) => void;

/**
 * One listening connection per process, shared by every subscriber: started with the first
 * subscriber, closed with the last (or by `close`).
 */
export class EventBus {
  private readonly handlers = new Set<EventHandler>();
  private stopListening: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly database: Pick<Database, 'listen'>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Calls `handler` with every event committed from now on; resolves once listening. */
  async subscribe(handler: EventHandler): Promise<() => Promise<void>> {
    this.handlers.add(handler);
    this.stopListening ??= this.database.listen(EVENTS_CHANNEL, (payload) =>
      this.dispatch(payload),
    );
    try {
      await this.stopListening;
    } catch (error) {
      this.handlers.delete(handler);
      this.stopListening = undefined;
      throw error;
    }
    return async () => {
      this.handlers.delete(handler);
      if (this.handlers.size === 0) await this.close();
    };
  }

  async close(): Promise<void> {
    const stopping = this.stopListening;
    this.stopListening = undefined;
    if (stopping) await (await stopping)();
  }

  private dispatch(payload: string) {
    let event: BusEvent;
    try {
      event = JSON.parse(payload) as BusEvent;
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
