/**
 * The queue's SQL as the service sends it (captured from the pool while `listQueue` runs), then
 * EXPLAIN (ANALYZE, BUFFERS) of it on the loaded table.
 */
import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../src/db/schema.js';
import type { Db } from '../src/db/client.js';
import type { GroupId } from '@ovms/policy';
import { listQueue } from '../src/domain/incidents/queries.js';
import { CalendarCache } from '../src/domain/reference/calendars.js';

export interface QueuePlan {
  name: string;
  sql: string;
  params: unknown[];
  plan: string;
  nextCursor: string | null;
}

/** A queue page of 50 as the benchmark asks for it: no filter but these. */
export interface QueuePage {
  holder?: string;
  cursor?: string;
}

/** Runs the service's queue query for a page as the desk sees it, and explains its SELECT. */
export async function explainQueue(
  pool: pg.Pool,
  name: string,
  page: QueuePage,
  now: Date,
): Promise<QueuePlan> {
  // The desk sees every incident (`viewer` is how newer code of the service takes the actor).
  const viewer = { groups: ['desk'] as GroupId[], organisation: '顺丰' };
  const filter = { limit: 50, viewer, ...page };
  const sent: { sql: string; params: unknown[] }[] = [];
  // Every statement the service sends through the pool: its own (runPrepared) and drizzle's.
  const recording = new Proxy(pool, {
    get(target, property) {
      if (property !== 'query') return Reflect.get(target, property, target) as unknown;
      return (first: string | pg.QueryConfig, values?: unknown[]) => {
        if (typeof first === 'string') sent.push({ sql: first, params: values ?? [] });
        else sent.push({ sql: first.text, params: first.values ?? values ?? [] });
        return target.query(first as string, values);
      };
    },
  });
  const db = drizzle(recording, { schema }) as unknown as Db;
  const result = await listQueue(db, filter, new CalendarCache(), now);
  const query = sent.find((q) => /from "incidents"/.test(q.sql));
  if (!query) throw new Error('the queue query was not captured');
  const explain = `explain (analyze, buffers) ${query.sql}`;
  // Once to warm the cache as the benchmark has, once to keep.
  await pool.query(explain, query.params);
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(explain, query.params);
  return {
    name,
    sql: query.sql,
    params: query.params,
    plan: rows.map((r) => r['QUERY PLAN']).join('\n'),
    nextCursor: result.nextCursor,
  };
}
