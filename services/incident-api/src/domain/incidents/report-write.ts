/**
 * The report's write: the incident row, its timeline and its audit entry, in one statement that
 * first checks what the report was derived from (the reference stamp, the credential) against
 * the rows it sees, and writes nothing if either changed.
 *
 * Reports that arrive together are written together, as PostgreSQL's group commit does for WAL
 * flushes: at most WRITES_IN_FLIGHT statements run at once, and reports that arrive meanwhile
 * leave together in the next one (up to BATCH_MAX). A report that finds a statement free goes
 * at once, alone, so a quiet system waits for nothing. A report inside a caller's transaction
 * (an Idempotency-Key) is written there, alone, by the same statement. Under load one statement and one commit
 * carry several reports: the statement, commit and round trip were half a report's cost
 * (docs/benchmarks.md).
 *
 * A batch is one statement, so it commits whole or not at all. Each report keeps its own guard:
 * a report whose credential or reference changed is left out and answered as when alone. If
 * the database refuses the batch (a constraint, say), each of its reports is written again
 * alone, so one bad report fails only itself. A batch whose outcome is unknown (the connection
 * broke) fails all its reports, as a single report's would: writing them again could write
 * them twice.
 */
import { getTableColumns, is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { incidents } from '../../db/schema.js';
import { runPrepared, type PreparedStatement } from '../../db/prepared.js';
import { credentialGuard, type CredentialCheck } from '../identity/credential-check.js';
import { REFERENCE_STAMP } from './policy-inputs.js';

/** The incident's columns a report writes; the others take their defaults. */
export const reportColumns = Object.entries(getTableColumns(incidents))
  .filter(([key]) => !['id', 'version', 'createdAt', 'updatedAt'].includes(key))
  .map(([key, column]) => ({ key, name: column.name, hasDefault: column.hasDefault }));
// Of those only visible_to has a default ('{}'), which the write supplies when a report leaves
// it unset: a new default would otherwise be written as null without notice.
if (reportColumns.some((c) => c.hasDefault && c.key !== 'visibleTo')) {
  throw new Error('an incident column with a default needs its value in writeReport');
}

/** One report's write, its JSON already serialised. */
export interface ReportWrite {
  systemId: string;
  /** The reference stamp the report was derived under. */
  referenceStamp: string;
  /** The incident's columns by name (reportColumns), as JSON. */
  incident: string;
  /** The timeline's entries ({n, at, type, data}), as JSON. */
  timeline: string;
  actorId: string;
  actorGroups: readonly string[];
  auditActorId: string | null;
  auditCredential: string | null;
  /** The audit entry's `after`, as JSON. */
  audited: string;
  requestId: string | null;
  credentialCheck: CredentialCheck | undefined;
  now: Date;
}

/** What the write found and wrote for one report. */
export interface ReportWritten {
  reference_ok: boolean;
  credential_ok: boolean;
  /** What the database chose: id, version, created_at, updated_at; null if nothing was written. */
  incident: [number, number, string, string] | null;
  /** The timeline's ids, in the order of its entries. */
  events: number[];
}

const columnNames = reportColumns.map((c) => c.name).join(', ');
const columnsOf = (alias: string) => reportColumns.map((c) => `${alias}.${c.name}`).join(', ');

/**
 * The reports of a batch (one JSON array, each with its `n`; a report alone is a batch of one):
 * each report's own guards, the incidents' ids drawn first so that the timeline and the audit
 * entries find their report's. Fixed text, prepared once per connection.
 */
const reportStatement: PreparedStatement = (() => {
  const on = { key: 'b.cred_key', stamp: 'b.cred_stamp', now: 'b.now', idleSince: 'b.idle_since' };
  return {
    name: 'report-incidents-v3',
    text: `
    with b as (
      select * from jsonb_to_recordset($1::jsonb) as b(n int, system_id text, stamp text,
        incident jsonb, timeline jsonb, actor_id text, actor_groups text[], audit_actor text,
        audit_credential text, audited jsonb, request_id text, cred_kind text, cred_key text,
        cred_stamp text, now timestamptz, idle_since timestamptz)),
    guard as (
      select b.n,
        coalesce((select ${REFERENCE_STAMP} = b.stamp from systems s where s.id = b.system_id),
          false) as reference_ok,
        case b.cred_kind
          when 'token' then ${credentialGuard('token', on)}
          when 'session' then ${credentialGuard('session', on)}
          else true end as credential_ok
      from b),
    ids as materialized (
      select g.n, nextval('incidents_id_seq')::int as id from guard g
      where g.reference_ok and g.credential_ok order by g.n),
    i as (
      insert into incidents (id, ${columnNames}) overriding system value
      select ids.id, ${columnsOf('r')}
      from ids join b using (n), jsonb_populate_record(null::incidents, b.incident) r
      order by ids.n
      returning id, version, created_at, updated_at),
    e as (
      insert into incident_events (incident_id, at, type, actor_id, actor_groups, data)
      select ids.id, x.at, x.type, b.actor_id, b.actor_groups, x.data
      from ids join b using (n),
        jsonb_to_recordset(b.timeline) as x(n int, at timestamptz, type text, data jsonb)
      order by ids.n, x.n
      returning id, incident_id),
    a as (
      insert into audit_log (at, actor_id, credential, action, entity, entity_id, after,
        request_id)
      select date_trunc('milliseconds', clock_timestamp()), b.audit_actor, b.audit_credential,
        'incident.report', 'incident', ids.id::text, b.audited, b.request_id
      from ids join b using (n)
      order by ids.n)
    select g.n, g.reference_ok, g.credential_ok,
      (select json_build_array(i.id, i.version, i.created_at, i.updated_at)
        from ids join i on i.id = ids.id where ids.n = g.n) as incident,
      (select coalesce(json_agg(e.id order by e.id), '[]'::json)
        from ids join e on e.incident_id = ids.id where ids.n = g.n) as events
    from guard g
    order by g.n`,
  };
})();

/** One report of a batch as the batch statement reads it; the JSON parts are spliced in as is. */
function batchEntry(w: ReportWrite, n: number): string {
  const check = w.credentialCheck;
  const fields = {
    n,
    system_id: w.systemId,
    stamp: w.referenceStamp,
    actor_id: w.actorId,
    actor_groups: w.actorGroups,
    audit_actor: w.auditActorId,
    audit_credential: w.auditCredential,
    request_id: w.requestId,
    cred_kind: check?.kind ?? 'none',
    cred_key: check ? (check.kind === 'token' ? check.id : check.secretHash) : null,
    cred_stamp: check?.stamp ?? null,
    now: w.now.toISOString(),
    idle_since: check?.kind === 'session' ? check.idleSince.toISOString() : null,
  };
  const plain = JSON.stringify(fields);
  return `${plain.slice(0, -1)},"incident":${w.incident},"timeline":${w.timeline},"audited":${w.audited}}`;
}

/**
 * Statements writing reports at once, per database: enough to keep PostgreSQL's cores busy
 * (one executes while another commits), few enough that reports arriving under load find one
 * in flight and wait to leave together.
 */
export const WRITES_IN_FLIGHT = 2;
/** Reports per statement at most. */
export const BATCH_MAX = 32;

interface Waiting {
  write: ReportWrite;
  resolve: (written: ReportWritten) => void;
  reject: (error: unknown) => void;
}

/** How the writer has done since it started (the bench prints it). */
export interface ReportWriterStats {
  statements: number;
  reports: number;
  /** Batches that failed and were written again report by report. */
  batchesRetriedAlone: number;
}

class ReportWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  readonly stats: ReportWriterStats = { statements: 0, reports: 0, batchesRetriedAlone: 0 };

  constructor(private readonly db: DbOrTx) {}

  write(write: ReportWrite): Promise<ReportWritten> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      this.next();
    });
  }

  private next() {
    while (this.inFlight < WRITES_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH_MAX);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.next();
      });
    }
  }

  private async run(batch: Waiting[]) {
    this.stats.statements++;
    this.stats.reports += batch.length;
    let rows: (ReportWritten & { n: number })[];
    try {
      rows = await writeRows(
        this.db,
        batch.map((w) => w.write),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      if (!refusedByDatabase(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      // Nothing of the batch was written: each report again on its own, to fail only itself.
      this.stats.batchesRetriedAlone++;
      for (const w of batch) await this.alone(w);
      return;
    }
    const answered = new Set<number>();
    for (const { n, ...written } of rows) {
      answered.add(n);
      batch[n]!.resolve(written);
    }
    // Every report of the batch has a guard row; should one be missing, its caller must not
    // wait for ever.
    for (const [n, w] of batch.entries()) {
      if (!answered.has(n)) w.reject(new Error(`the batch statement did not answer report ${n}`));
    }
  }

  private async alone(w: Waiting) {
    try {
      const [written] = await writeRows(this.db, [w.write]);
      w.resolve(written!);
    } catch (error) {
      w.reject(error);
    }
  }
}

/** An error the database answered with (a SQLSTATE): the statement rolled back. */
const refusedByDatabase = (error: unknown) =>
  typeof (error as { code?: unknown } | null)?.code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as { code: string }).code);

const writers = new WeakMap<DbOrTx, ReportWriter>();
const writerOf = (db: DbOrTx) => {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new ReportWriter(db)));
  return writer;
};

/** The report writer's figures for `db` so far (none written: zeros). */
export const reportWriterStats = (db: DbOrTx): ReportWriterStats => ({ ...writerOf(db).stats });

/** Runs the report statement for `writes`; answers a row per report, in their order. */
const writeRows = (db: DbOrTx, writes: ReportWrite[]) =>
  runPrepared<ReportWritten & { n: number }>(db, reportStatement, [
    `[${writes.map((w, n) => batchEntry(w, n)).join(',')}]`,
  ]);

/**
 * Writes one report. Given the database itself, it may leave with others (ReportWriter); given
 * a transaction, it is written in it, alone.
 */
export async function writeReportRows(db: DbOrTx, write: ReportWrite): Promise<ReportWritten> {
  if (!is(db, PgTransaction)) return writerOf(db).write(write);
  const [written] = await writeRows(db, [write]);
  return written!;
}
