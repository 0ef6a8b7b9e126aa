import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import { deliveryAttempts, notices, notifications, outbox } from '../../../../db/schema.js';
import { deliveryIdOf } from '../../../../notices/outbox-worker.js';

const iso = (at: Date) => at.toISOString();
const isoOrNull = (at: Date | null) => (at ? at.toISOString() : null);

/** Outbox rows with their delivery log. */
async function withLog(db: DbOrTx, rows: (typeof outbox.$inferSelect)[]) {
  const ids = rows.map((r) => r.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(deliveryAttempts)
          .where(inArray(deliveryAttempts.outboxId, ids))
          .orderBy(asc(deliveryAttempts.id));
  return rows.map((r) => ({
    id: r.id,
    deliveryId: deliveryIdOf(r.id),
    noticeId: r.noticeId,
    channel: r.channel,
    target: r.target,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.nextAttemptAt),
    lastError: r.lastError,
    deliveredAt: isoOrNull(r.deliveredAt),
    createdAt: iso(r.createdAt),
    log: attempts
      .filter((a) => a.outboxId === r.id)
      .map((a) => ({
        at: iso(a.at),
        ok: a.ok,
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
      })),
  }));
}

/** An incident's notices, oldest first, with who got them and how their deliveries went. */
export async function listNotices(db: DbOrTx, incidentId: number) {
  const rows = await db
    .select()
    .from(notices)
    .where(eq(notices.incidentId, incidentId))
    .orderBy(asc(notices.id));
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const notified = await db
    .select({ noticeId: notifications.noticeId, personId: notifications.personId })
    .from(notifications)
    .where(inArray(notifications.noticeId, ids))
    .orderBy(asc(notifications.personId));
  const deliveries = await db
    .select()
    .from(outbox)
    .where(inArray(outbox.noticeId, ids))
    .orderBy(asc(outbox.id));
  const logged = await withLog(db, deliveries);
  return rows.map((n) => ({
    id: n.id,
    incidentId: n.incidentId,
    key: n.key,
    kind: n.kind,
    percent: n.percent,
    dueAt: iso(n.dueAt),
    createdAt: iso(n.createdAt),
    audience: n.audience,
    holdingGroup: n.holdingGroup,
    priority: n.priority,
    notified: notified.filter((x) => x.noticeId === n.id).map((x) => x.personId),
    deliveries: logged.filter((d) => d.noticeId === n.id),
  }));
}

export async function listOutbox(
  db: DbOrTx,
  status: 'pending' | 'delivered' | 'dead',
  limit: number,
) {
  const rows = await db
    .select()
    .from(outbox)
    .where(eq(outbox.status, status))
    .orderBy(desc(outbox.id))
    .limit(limit);
  return withLog(db, rows);
}

export async function findDelivery(db: DbOrTx, id: number) {
  const rows = await db.select().from(outbox).where(eq(outbox.id, id));
  return (await withLog(db, rows))[0];
}

/** Back to pending, attempts reset, due now; returns the row before, or undefined. */
export async function requeueDelivery(db: DbOrTx, id: number, now: Date) {
  const [before] = await db.select().from(outbox).where(eq(outbox.id, id)).for('update');
  if (!before) return undefined;
  await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deliveredAt: null })
    .where(eq(outbox.id, id));
  return before;
}

export async function listNotifications(db: DbOrTx, personId: string, limit: number) {
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.personId, personId))
    .orderBy(sql`${notifications.readAt} is not null`, desc(notifications.id))
    .limit(limit);
  const [unread] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)));
  return {
    unread: unread?.n ?? 0,
    items: items.map((n) => ({
      id: n.id,
      noticeId: n.noticeId,
      incidentId: n.incidentId,
      title: n.title,
      body: n.body,
      createdAt: iso(n.createdAt),
      readAt: isoOrNull(n.readAt),
    })),
  };
}

/** Marks one of the person's notifications read (once); false when it is not theirs. */
export async function markNotificationRead(
  db: DbOrTx,
  personId: string,
  id: number,
  now: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.personId, personId)));
  if (!row) return false;
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
  return true;
}

export async function markAllNotificationsRead(db: DbOrTx, personId: string, now: Date) {
  const marked = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return marked.length;
}
