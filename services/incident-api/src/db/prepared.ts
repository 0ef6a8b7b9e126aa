/**
 * Statements most requests run, prepared rather than built per request: building a query with
 * drizzle cost more than running it (bench/profile.ts). Three ways, from the leanest:
 * - fixed SQL text (`runPrepared`): the report's write, the credential reads; parameters mostly
 *   text (or null) cast in the SQL, so both drivers pass them the same way;
 * - a drizzle query prepared once per database (`builtOnce`): the incident detail's reads;
 * - a drizzle query built per request but named per shape (`statementOf`): the queue page, whose
 *   filters vary.
 * On PostgreSQL each is prepared once per connection under its name; PGlite runs the same text.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.js';

export interface PreparedStatement {
  /** Unique per text: PostgreSQL keeps the first text prepared under a name per connection. */
  name: string;
  text: string;
}

interface QueryClient {
  query(...args: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The driver's client under drizzle's database or transaction (a pool, a pooled client, PGlite). */
function clientOf(db: DbOrTx): QueryClient {
  return (db as unknown as { session: { client: QueryClient } }).session.client;
}

export async function runPrepared<Row>(
  db: DbOrTx,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<Row[]> {
  const client = clientOf(db);
  const result =
    client instanceof pg.Pool || client instanceof pg.Client
      ? await client.query({ name: statement.name, text: statement.text, values: [...values] })
      : await client.query(statement.text, values);
  return result.rows as Row[];
}

/**
 * A statement built per request (by drizzle, with `dialect`) under a name of its text: one name
 * per shape of the query, so that PostgreSQL parses it once per connection and may keep its plan.
 * Only for queries whose shapes are few (each shape stays prepared on every pooled connection).
 */
export function statementOf(prefix: string, query: SQL): PreparedStatement & { params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const digest = createHash('sha1').update(text).digest('hex').slice(0, 16);
  return { name: `${prefix}-${digest}`, text, params };
}

const dialect = new PgDialect();

/**
 * An array parameter in PostgreSQL's text form (`{"a","b"}`), for a `$n::text[]` or
 * `$n::bigint[]` cast: parameters here are text.
 */
export function arrayParam(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * An instant column as milliseconds since the epoch (float8), truncated to the millisecond as a
 * Date read from the driver is: a plain number on both drivers, where a timestamptz comes back
 * as the driver's text or Date.
 */
export const epochMs = (column: string) =>
  `round(date_part('epoch', date_trunc('milliseconds', ${column})) * 1000)`;

/**
 * A read built once per database (or transaction) with drizzle's `prepare`, then run with
 * placeholders: for the reads most requests make (an incident, its timeline…), whose building
 * cost more than running them. `build` names its statement: PostgreSQL prepares it once per
 * connection under that name.
 */
export function builtOnce<Query>(build: (db: DbOrTx) => Query): (db: DbOrTx) => Query {
  const built = new WeakMap<DbOrTx, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) built.set(db, (query = build(db)));
    return query;
  };
}
