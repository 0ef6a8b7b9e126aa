/** `pnpm start` on an empty database loads the demo: a live queue in many states. */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidents, people } from '../src/db/schema.js';
import { seedDemo } from '../src/seed/demo.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  // A Wednesday afternoon in a working week, inside the (moved) demo campaign.
  t = await createTestApp({ seed: false, now: '2026-03-04T16:00:00+08:00' });
});
afterAll(() => t.close());

describe('demo seed', () => {
  it('loads the roster and a dozen incidents in different states, once', async () => {
    const seeded = await seedDemo(t.app.db, t.clock.now());
    expect(seeded?.incidents).toBeGreaterThanOrEqual(12);
    const statuses = new Set(
      (await t.app.db.select({ status: incidents.status }).from(incidents)).map((r) => r.status),
    );
    for (const s of [
      'reported',
      'with_system',
      'onsite',
      'vendor_registered',
      'final_test',
      'resolved',
      'closed',
      'cancelled',
    ]) {
      expect(statuses).toContain(s);
    }
    // A second start finds data and leaves it alone.
    expect(await seedDemo(t.app.db, t.clock.now())).toBeUndefined();
    const [n] = await t.app.db.select({ n: count() }).from(people);
    expect(n!.n).toBeGreaterThanOrEqual(15);

    const queue = await t.api
      .get('/api/v1/incidents')
      .set(await t.authFresh('su-shengchun'))
      .expect(200);
    expect(queue.body.items.length).toBeGreaterThanOrEqual(8);
    const p1 = queue.body.items.find((i: { title: string }) => i.title.includes('负载均衡'));
    expect(p1).toMatchObject({ priority: 'P1', effectiveGrade: 'A', status: 'reported' });
    const decided = queue.body.items.find(
      (i: { status: string; priority: string }) => i.status === 'onsite' && i.priority === 'P1',
    );
    const detail = await t.api
      .get(`/api/v1/incidents/${decided.id}`)
      .set(await t.authFresh('wang-xiaofeng'))
      .expect(200);
    expect(detail.body.fallbackDecisions[0].decision).toBe('rerun_online_after_recovery');
  });

  it('shows each incident in the queue as its own page shows it, in every state', async () => {
    // The queue reads its own cut of the row (domain/incidents/queries.ts, QUEUE_COLUMNS): a
    // column it forgets or reads differently shows here, against the whole row's view.
    const desk = await t.authFresh('su-shengchun');
    const statuses = (await t.app.db.selectDistinct({ s: incidents.status }).from(incidents)).map(
      (r) => r.s,
    );
    const queue = await t.api
      .get('/api/v1/incidents')
      .set(desk)
      .query({ status: statuses, limit: 200 })
      .expect(200);
    const [all] = await t.app.db.select({ n: count() }).from(incidents);
    expect(queue.body.items).toHaveLength(all!.n);
    const seen = new Set<string>();
    for (const item of queue.body.items) {
      const { body } = await t.api.get(`/api/v1/incidents/${item.id}`).set(desk).expect(200);
      // The page's own parts aside, the rest is the queue row.
      const asDetailShowsIt = Object.fromEntries(
        Object.entries(body).filter(
          ([key]) =>
            !['timeline', 'changeTasks', 'fallbackDecisions', 'availableActions'].includes(key),
        ),
      );
      expect(item, `incident ${item.id} (${item.status})`).toEqual(asDetailShowsIt);
      seen.add(item.status);
      if (item.fallbackDecision) seen.add('with a fallback decision');
      if (item.rejectionRounds > 0) seen.add('after a rejected final test');
      if (item.sla.paused) seen.add('paused');
    }
    expect([...seen]).toEqual(
      expect.arrayContaining(['closed', 'cancelled', 'with a fallback decision', 'paused']),
    );
  });
});
