/**
 * The OpenAPI document is complete: every operation has an operationId, a summary, a tag and
 * its error responses. (CI also lints it with Redocly: `pnpm lint:openapi`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with every operation documented', async () => {
    const res = await t.api.get('/openapi.json').expect(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, Operation>>,
    ).flatMap(([path, item]) =>
      METHODS.flatMap((m) => (item[m] ? [{ path, method: m, op: item[m] }] : [])),
    );
    expect(operations.length).toBeGreaterThan(10);
    const ids = new Set<string>();
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = op.operationId ?? '';
      expect(id, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(id), `${where} duplicates ${id}`).toBe(false);
      ids.add(id);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      const errors = Object.keys(op.responses).filter((s) => /^[45]/.test(s));
      expect(errors.length, `${where} documents no error response`).toBeGreaterThan(0);
      for (const status of errors) {
        expect(Object.keys(op.responses[status]!.content ?? {}), `${where} ${status}`).toContain(
          'application/problem+json',
        );
      }
    }
  });
});
