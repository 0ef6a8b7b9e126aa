/**
 * The floor: a bare Fastify + pg server doing the least a create or a queue page can do, on the
 * same `incidents` table (same indexes, same foreign keys, same rows) with a pool of the same
 * size as the service's. One INSERT per report; one indexed SELECT per page, with the service's
 * WHERE and ORDER BY, rows sent as they come (no SLA, no response schema).
 */
import Fastify from 'fastify';
import pg from 'pg';
import { CLOSED_STATUSES } from '../../src/domain/incidents/queries.js';
import { listenAndAnnounce } from './announce.js';

interface ReportBody {
  channel: string;
  kind: string;
  category?: string;
  title: string;
  description: string;
  symptom: string;
  scope: string;
  reporter: { organisation: string; name: string; phone?: string };
  reportedAt?: string;
  externalRef?: string;
}

interface QueueQuery {
  holder?: string;
  /** The keyset of the last row of the previous page: its due time (ISO or `infinity`) and id. */
  afterDue?: string;
  afterId?: string;
}

const pool = new pg.Pool({
  connectionString: process.env.BENCH_DATABASE_URL,
  // The service's pool size (src/db/client.ts).
  max: 10,
});
const app = Fastify({ logger: false });

// No database: what this machine and the load generator add to any answer at a fixed rate.
app.get('/ping', async () => ({ ok: true }));

app.post<{ Body: ReportBody }>('/incidents', async (request, reply) => {
  const b = request.body;
  const reportedAt = b.reportedAt ?? new Date().toISOString();
  const { rows } = await pool.query<{ id: number }>(
    `insert into incidents (status, holder_group, kind, channel, category, system_id, title,
       description, symptom, impact, scope, priority, effective_grade, policy_version_id,
       calendar_id, reporter_organisation, reporter_name, reporter_phone, reported_by_id,
       external_ref, reported_at, target_ms, due_at, clock_state, workflow, clock_events)
     values ('reported', 'desk', $1, $2, $3, 'ovms', $4, $5, $6, 'high', $7, 'P2', 'A', 1,
       'bidding-window', $8, $9, $10, 'su-shengchun', $11, $12, 3600000,
       $12::timestamptz + interval '1 hour', 'running', $13, '[]')
     returning id`,
    [
      b.kind,
      b.channel,
      b.category ?? 'other',
      b.title,
      b.description,
      b.symptom,
      b.scope,
      b.reporter.organisation,
      b.reporter.name,
      b.reporter.phone ?? null,
      b.externalRef ?? null,
      reportedAt,
      JSON.stringify(b),
    ],
  );
  return reply.code(201).send({ id: rows[0]!.id });
});

app.get<{ Querystring: QueueQuery }>('/incidents', async (request) => {
  const q = request.query;
  // The same conditions as the service's queue query (src/domain/incidents/queries.ts).
  const params: unknown[] = [...CLOSED_STATUSES];
  const where = [`status not in (${CLOSED_STATUSES.map((_, i) => `$${i + 1}`).join(', ')})`];
  if (q.holder) {
    params.push(q.holder);
    where.push(`holder_group = $${params.length}`);
  }
  if (q.afterDue && q.afterId) {
    params.push(q.afterDue, Number(q.afterId));
    const due = `$${params.length - 1}::timestamptz`;
    const sortDue = `coalesce(due_at, 'infinity'::timestamptz)`;
    where.push(`${sortDue} >= ${due} and (${sortDue} > ${due} or id > $${params.length})`);
  }
  const { rows } = await pool.query(
    `select * from incidents where ${where.join(' and ')}
     order by coalesce(due_at, 'infinity'::timestamptz), id limit 51`,
    params,
  );
  // 51 like the service: the 51st only tells whether there is a next page.
  return { items: rows.slice(0, 50), more: rows.length > 50 };
});

await listenAndAnnounce(app, () => pool.end());
