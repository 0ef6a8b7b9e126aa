/** Assertions the endpoint tests share. */
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import type { TestApp } from './app.js';

/**
 * The response is RFC 9457 problem+json with this status; with a pointer, one of its field
 * errors names that field.
 */
export function expectProblem(
  res: { status: number; body: Record<string, unknown>; headers: Record<string, string> },
  status: number,
  pointer?: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.status).toBe(status);
  if (pointer) {
    expect((res.body.errors as { pointer: string }[]).map((e) => e.pointer)).toContain(pointer);
  }
}

/** The audit entries of one entity, oldest first. */
export const auditTrail = (t: TestApp, entity: string, entityId: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
