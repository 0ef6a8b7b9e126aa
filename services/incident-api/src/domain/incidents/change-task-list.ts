/**
 * Change tasks across incidents: devops' list of what to execute, the system group's list of
 * what to approve, the vendor's list of what it asked for. Ordered by the incident's priority,
 * then by request time (the oldest P1 first), keyset-paginated on that order.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ChangeKind, ChangeTaskStatus, IncidentStatus, Priority } from '@ovms/policy';
import type { DbOrTx } from '../../db/client.js';
import { changeTasks, incidents } from '../../db/schema.js';
import { Problem } from '../../lib/problem.js';
import { visibleTo, type Viewer } from '../identity/visibility.js';

/** Statuses someone still has to act on: approve, execute, verify. */
export const OPEN_TASK_STATUSES: readonly ChangeTaskStatus[] = [
  'requested',
  'approved',
  'executed',
];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API's view of a change task row. */
export function toChangeTaskDto(t: typeof changeTasks.$inferSelect) {
  return {
    number: t.number,
    kind: t.kind as ChangeKind,
    status: t.status,
    summary: t.summary,
    packageRef: t.packageRef,
    sqlText: t.sqlText,
    sqlChecksum: t.sqlChecksum,
    requestedById: t.requestedById,
    requestedAt: t.requestedAt.toISOString(),
    decidedById: t.decidedById,
    decidedAt: iso(t.decidedAt),
    executedById: t.executedById,
    executedAt: iso(t.executedAt),
    result: t.result,
    output: t.output,
    verifiedById: t.verifiedById,
    verifiedAt: iso(t.verifiedAt),
    note: t.note,
  };
}

export interface ChangeTaskFilter {
  status?: ChangeTaskStatus | ChangeTaskStatus[] | undefined;
  kind?: ChangeKind | undefined;
  viewer: Viewer;
  limit: number;
  cursor?: string | undefined;
}

interface Cursor {
  priority: string;
  requestedAt: string;
  id: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof c.priority !== 'string' ||
      typeof c.id !== 'number' ||
      typeof c.requestedAt !== 'string' ||
      Number.isNaN(Date.parse(c.requestedAt))
    ) {
      throw new Error();
    }
    return c;
  } catch {
    throw new Problem(
      400,
      'validation',
      'Invalid request',
      'The cursor is not one this API issued.',
      {
        errors: [{ pointer: '/querystring/cursor', detail: 'not a cursor from nextCursor' }],
      },
    );
  }
}

export async function listChangeTasksAcross(db: DbOrTx, filter: ChangeTaskFilter) {
  const statuses = filter.status === undefined ? OPEN_TASK_STATUSES : [filter.status].flat();
  const where: SQL[] = [inArray(changeTasks.status, [...statuses])];
  if (filter.kind) where.push(eq(changeTasks.kind, filter.kind));
  const visible = visibleTo(filter.viewer);
  if (visible) where.push(visible);
  if (filter.cursor) {
    const c = decodeCursor(filter.cursor);
    where.push(
      sql`(${incidents.priority}, ${changeTasks.requestedAt}, ${changeTasks.id}) > (${c.priority}, ${c.requestedAt}::timestamptz, ${c.id})`,
    );
  }
  const rows = await db
    .select({ task: changeTasks, incident: incidents })
    .from(changeTasks)
    .innerJoin(incidents, eq(incidents.id, changeTasks.incidentId))
    .where(and(...where))
    .orderBy(asc(incidents.priority), asc(changeTasks.requestedAt), asc(changeTasks.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ task, incident }) => ({
      incident: {
        id: incident.id,
        version: incident.version,
        title: incident.title,
        priority: incident.priority as Priority,
        status: incident.status as IncidentStatus,
        holderGroup: incident.holderGroup,
        systemId: incident.systemId,
      },
      task: toChangeTaskDto(task),
    })),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor({
            priority: last.incident.priority,
            requestedAt: last.task.requestedAt.toISOString(),
            id: last.task.id,
          })
        : null,
  };
}
