/**
 * A real app on a real database for each test file: an in-memory PGlite by default, or a fresh
 * PostgreSQL database of its own (created and dropped here) when DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import supertest from 'supertest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { seedReferenceData } from '../../src/seed/reference.js';

/** People of the demo roster (plan §3.1), one per group, by the group they act for. */
export const AS = {
  desk: 'su-shengchun',
  system: 'liu-xiaowei',
  vendor: 'liu-wei',
  devops: 'zhang-jianjun',
  leaders: 'wang-xiaofeng',
  reporterGuangdong: 'demo-reporter-gd',
  reporterShanghai: 'demo-reporter-sh',
  admin: 'demo-admin',
} as const;

export interface TestApp {
  app: FastifyInstance;
  api: ReturnType<typeof supertest>;
  database: Database;
  clock: TestClock;
  close(): Promise<void>;
}

/** An injected clock: tests set the service's "now". */
export class TestClock {
  constructor(public current: Date) {}
  now = () => new Date(this.current.getTime());
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

async function createScratchDatabase(baseUrl: string) {
  const name = `ovms_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestAppOptions {
  /** Load the reference data (roster, calendars, OVMS, campaign, policy v1). Default true. */
  seed?: boolean;
  /** The demo campaign's window; null for none (OVMS stays grade B). */
  campaignWindow?: { start: Date; end: Date } | null;
  now?: string;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = new TestClock(new Date(options.now ?? '2026-03-02T01:00:00Z'));
  const baseUrl = process.env.DATABASE_URL;
  const scratch = baseUrl ? await createScratchDatabase(baseUrl) : undefined;
  const database = await openDatabase(scratch ? { url: scratch.url } : { dataDir: 'memory://' });
  if (options.seed !== false) {
    await database.db.transaction((tx) =>
      seedReferenceData(tx, clock.now(), { campaignWindow: options.campaignWindow }),
    );
  }
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });
  const app = await buildApp({ config, database, now: clock.now });
  await app.ready();
  return {
    app,
    api: supertest(app.server),
    database,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      await scratch?.drop();
    },
  };
}
