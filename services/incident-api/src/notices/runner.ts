/**
 * The SLA runner: writes every notice (warnings, breach, P1 alert) once, when due, from the
 * database alone. Each process may run one; they share the work through row locks.
 *
 * A tick first asks the index on `incidents.next_notice_at` for the earliest instant (one
 * indexed query, whatever the number of open incidents) and sleeps until then (at most
 * `pollMs`). When something is due it claims a batch — `for update skip locked`, so two
 * processes never hold the same incident — and, in that one transaction: reads the keys already
 * sent (after taking the lock, so it sees every committed notice), asks @ovms/policy which are
 * due, inserts them (`on conflict do nothing` on (incident_id, key) as the last guard; only the
 * rows actually inserted go on), writes the in-app notifications and the outbox rows, flags a
 * breach, moves `next_notice_at` on, publishes the events and appends the audit entries. A
 * process killed mid-way rolls back: the incident is still due and the next claim takes it.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import { dueNotices, type Notice, type WorkingCalendar } from '@ovms/policy';
import type { Db, Tx } from '../db/client.js';
import { incidents, notices, notifications, outbox } from '../db/schema.js';
import { recordAudit, type AuditContext } from '../domain/audit.js';
import { policyVersion } from '../domain/incidents/policy-inputs.js';
import type { CalendarCache } from '../domain/reference/calendars.js';
import { buildNoticePayload, type NoticePayload } from '../delivery/index.js';
import { computeSla, toSlaView } from '../domain/incidents/sla-view.js';
import { publish, type BusEvent } from '../events/bus.js';
import { noticeInputOf } from './next-notice.js';
import { loadDirectory, recipientsOf, type Directory } from './recipients.js';

export interface RunnerLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SlaRunnerOptions {
  db: Db;
  calendars: CalendarCache;
  now: () => Date;
  log: RunnerLog;
  /** The longest sleep between two looks at the index. */
  pollMs?: number;
  /** Incidents claimed per transaction. */
  batch?: number;
  /** Where the SPA is served: notices link to `${publicUrl}/incidents/<id>`. */
  publicUrl?: string;
  /** Called after each committed notice (tests, the bench). */
  onNotice?: (notice: WrittenNotice) => void;
}

export interface WrittenNotice {
  id: number;
  incidentId: number;
  key: string;
  kind: Notice['kind'];
  dueAt: Date;
  createdAt: Date;
}

export interface SlaRunner {
  /** One pass now (serialised with the loop); resolves to the notices it wrote. */
  tick(): Promise<WrittenNotice[]>;
  stop(): Promise<void>;
}

/** Who the audit trail names for the runner's writes. */
export const RUNNER_AUDIT: AuditContext = {
  actorId: null,
  credential: 'system:sla-runner',
  requestId: null,
};

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

/** An incident whose notices cannot be written (a vanished calendar…) is looked at again later. */
const RETRY_BROKEN_MS = 60_000;
/** Batches per pass before sleeping, so that `stop` is heard during a large backlog too. */
const MAX_BATCHES_PER_TICK = 50;

type IncidentRow = typeof incidents.$inferSelect;

/** The earliest instant any incident must be looked at: the index's first entry. */
async function earliestNoticeAt(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: incidents.nextNoticeAt })
    .from(incidents)
    .where(isNotNull(incidents.nextNoticeAt))
    .orderBy(asc(incidents.nextNoticeAt))
    .limit(1);
  return row?.at ?? null;
}

interface BatchResult {
  claimed: number;
  written: WrittenNotice[];
}

/** Claims up to `batch` due incidents and writes their notices, in one transaction. */
export async function processDueBatch(
  db: Db,
  calendars: CalendarCache,
  now: Date,
  batch: number,
  log: RunnerLog,
  publicUrl = DEFAULT_PUBLIC_URL,
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .select()
      .from(incidents)
      .where(lte(incidents.nextNoticeAt, now))
      .orderBy(asc(incidents.nextNoticeAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (claimed.length === 0) return { claimed: 0, written: [] };

    const ids = claimed.map((r) => r.id);
    const sentRows = await tx
      .select({ incidentId: notices.incidentId, key: notices.key })
      .from(notices)
      .where(inArray(notices.incidentId, ids));
    const sent = new Map<number, string[]>();
    for (const { incidentId, key } of sentRows) {
      sent.set(incidentId, [...(sent.get(incidentId) ?? []), key]);
    }
    const compiled = await calendars.get(
      tx,
      claimed.map((r) => r.calendarId),
    );

    let directory: Directory | undefined;
    const written: WrittenNotice[] = [];
    const events: BusEvent[] = [];
    const audits: Parameters<typeof recordAudit>[2][] = [];
    for (const row of claimed) {
      const calendar = compiled.get(row.calendarId);
      try {
        if (!calendar) throw new Error(`calendar ${row.calendarId} does not exist`);
        // A savepoint per incident: one that cannot be written (a bug, bad data) is set aside
        // for a while instead of rolling back, and blocking, the whole batch again and again.
        const done = await tx.transaction(async (sp) => {
          const tables = await policyVersion(sp, row.policyVersionId);
          const { due, nextAt } = dueNotices(
            noticeInputOf(row, tables, calendar, sent.get(row.id) ?? []),
            now.getTime(),
          );
          const results = [];
          for (const notice of due) {
            directory ??= await loadDirectory(sp);
            const result = await writeNotice(sp, row, notice, {
              now,
              directory,
              calendar,
              publicUrl,
            });
            if (result) results.push(result);
          }
          // A next instant already passed with nothing due happens only to a clock that starts
          // in the future (a call logged ahead of the server clock): look again a little later.
          const next =
            nextAt === null
              ? null
              : new Date(nextAt > now.getTime() ? nextAt : now.getTime() + 1000);
          await setNextNoticeAt(sp, row.id, next);
          return results;
        });
        for (const result of done) {
          written.push(result.written);
          events.push(...result.events);
          audits.push(result.audit);
        }
      } catch (error) {
        log.error({ err: error, incidentId: row.id }, 'notices of this incident not written');
        await setNextNoticeAt(tx, row.id, new Date(now.getTime() + RETRY_BROKEN_MS));
      }
    }
    for (const event of events) await publish(tx, event);
    for (const audit of audits) await recordAudit(tx, RUNNER_AUDIT, audit);
    return { claimed: claimed.length, written };
  });
}

async function setNextNoticeAt(tx: Tx, incidentId: number, at: Date | null) {
  await tx.update(incidents).set({ nextNoticeAt: at }).where(eq(incidents.id, incidentId));
}

interface NoticeContext {
  now: Date;
  directory: Directory;
  calendar: WorkingCalendar;
  publicUrl: string;
}

/** The notice and its incident as the delivery module renders them, with the SLA at `now`. */
function payloadOf(
  row: IncidentRow,
  notice: Notice,
  noticeId: number,
  ctx: NoticeContext,
): NoticePayload {
  const sla = toSlaView(computeSla(ctx.calendar, row.targetMs, row.clockEvents, ctx.now));
  return buildNoticePayload({
    notice: {
      id: noticeId,
      key: notice.key,
      kind: notice.kind,
      percent: notice.percent ?? null,
      dueAt: new Date(notice.dueAt),
    },
    incident: {
      id: row.id,
      title: row.title,
      priority: row.priority,
      status: row.status,
      holderGroup: notice.holdingGroup ?? row.holderGroup,
      reporterOrganisation: row.reporterOrganisation,
      sla: {
        spentMinutes: sla.spentMinutes,
        leftMinutes: sla.leftMinutes,
        targetMinutes: sla.targetMinutes,
        dueAt: sla.dueAt,
      },
    },
    publicUrl: ctx.publicUrl,
  });
}

/** One notice: its row (once), its notifications and outbox rows, the breach flag. */
async function writeNotice(tx: Tx, row: IncidentRow, notice: Notice, ctx: NoticeContext) {
  const { now } = ctx;
  const facts = {
    key: notice.key,
    kind: notice.kind,
    percent: notice.percent ?? null,
    dueAt: new Date(notice.dueAt),
    holdingGroup: notice.holdingGroup ?? row.holderGroup,
    priority: row.priority,
  };
  const [inserted] = await tx
    .insert(notices)
    .values({
      incidentId: row.id,
      key: facts.key,
      kind: facts.kind,
      percent: facts.percent,
      dueAt: facts.dueAt,
      createdAt: now,
      audience: [...notice.audience],
      holdingGroup: facts.holdingGroup,
      priority: facts.priority,
    })
    .onConflictDoNothing({ target: [notices.incidentId, notices.key] })
    .returning({ id: notices.id });
  // Already written: only a bug elsewhere gets here (the row lock keeps runners apart).
  if (!inserted) return undefined;
  const noticeId = inserted.id;

  const payload = payloadOf(row, notice, noticeId, ctx);
  const recipients = recipientsOf({ ...facts, audience: notice.audience }, ctx.directory);
  if (recipients.inApp.length > 0) {
    await tx.insert(notifications).values(
      recipients.inApp.map((personId) => ({
        personId,
        noticeId,
        incidentId: row.id,
        title: payload.message.subject,
        body: payload.message.text,
        createdAt: now,
      })),
    );
  }
  const owed = [
    ...recipients.email.map((r) => ({ channel: 'email' as const, target: r.address })),
    ...recipients.webhooks.map((id) => ({ channel: 'webhook' as const, target: id })),
  ];
  if (owed.length > 0) {
    await tx.insert(outbox).values(
      owed.map((o) => ({
        ...o,
        noticeId,
        payload,
        status: 'pending' as const,
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
  }
  if (facts.kind === 'breach') {
    await tx
      .update(incidents)
      .set({ breachedAt: facts.dueAt })
      .where(and(eq(incidents.id, row.id), isNull(incidents.breachedAt)));
  }
  const scope = {
    incidentId: row.id,
    reporterOrganisation: row.reporterOrganisation,
    visibleTo: row.visibleTo,
  };
  const events: BusEvent[] = [
    {
      type: 'notice.created',
      ...scope,
      noticeId,
      key: facts.key,
      kind: facts.kind,
      percent: facts.percent,
    },
  ];
  if (recipients.inApp.length > 0) {
    events.push({ type: 'notifications.created', personIds: recipients.inApp, incidentId: row.id });
  }
  return {
    written: {
      id: noticeId,
      incidentId: row.id,
      key: facts.key,
      kind: facts.kind,
      dueAt: facts.dueAt,
      createdAt: now,
    },
    events,
    audit: {
      action: 'notice.send',
      entity: 'incident',
      entityId: row.id,
      after: {
        noticeId,
        key: facts.key,
        kind: facts.kind,
        percent: facts.percent,
        dueAt: facts.dueAt,
        audience: notice.audience,
        notified: recipients.inApp,
        outbox: owed.map((o) => `${o.channel}:${o.target}`),
      },
    },
  };
}

/** Starts the loop; `stop` waits for the pass in flight (its transaction commits or rolls back). */
export function startSlaRunner(options: SlaRunnerOptions): SlaRunner {
  const { db, calendars, now, log, onNotice } = options;
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  const pollMs = options.pollMs ?? 1000;
  const batch = options.batch ?? 100;
  let stopped = false;
  let wake: (() => void) | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const pass = async (): Promise<{ written: WrittenNotice[]; sleepMs: number }> => {
    const written: WrittenNotice[] = [];
    const at = now();
    const earliest = await earliestNoticeAt(db);
    if (earliest === null || earliest > at) {
      return {
        written,
        sleepMs: earliest === null ? pollMs : Math.min(pollMs, earliest.getTime() - at.getTime()),
      };
    }
    for (let i = 0; i < MAX_BATCHES_PER_TICK && !stopped; i += 1) {
      const result = await processDueBatch(db, calendars, at, batch, log, publicUrl);
      for (const notice of result.written) onNotice?.(notice);
      written.push(...result.written);
      if (result.claimed < batch) break;
    }
    return { written, sleepMs: 0 };
  };

  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  const loop = (async () => {
    while (!stopped) {
      let sleepMs = pollMs;
      try {
        ({ sleepMs } = await serialised(pass));
      } catch (error) {
        log.error({ err: error }, 'SLA runner pass failed');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, sleepMs));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    tick: () => serialised(pass).then((r) => r.written),
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      await chain;
    },
  };
}
