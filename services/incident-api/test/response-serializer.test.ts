/**
 * Responses leave through zod: checked, unknown keys stripped (lib/response-serializer.ts).
 * Parse stands in for encode only where the two cannot differ.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { encodesDifferently, serializerCompiler } from '../src/lib/response-serializer.js';
import { incidentDetailSchema, queuePageSchema } from '../src/routes/api/v1/incidents/schema.js';

const serialize = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' });

describe('the response serializer', () => {
  it('takes the fast path for the incident and the queue', () => {
    expect(encodesDifferently(incidentDetailSchema)).toBe(false);
    expect(encodesDifferently(queuePageSchema)).toBe(false);
  });

  it('encodes where a part runs differently either way, however deep', () => {
    const isoDate = z.codec(z.iso.datetime(), z.date(), {
      decode: (s) => new Date(s),
      encode: (d) => d.toISOString(),
    });
    expect(encodesDifferently(z.object({ at: isoDate }))).toBe(true);
    expect(encodesDifferently(z.object({ n: z.number().default(1) }))).toBe(true);
    expect(encodesDifferently(z.array(z.object({ s: z.string().transform((s) => s) })))).toBe(true);
    expect(encodesDifferently(z.object({ a: z.union([z.string(), z.lazy(() => isoDate)]) }))).toBe(
      true,
    );
    // A codec answers with its encoded side.
    expect(serialize(z.object({ at: isoDate }))({ at: new Date('2026-03-02T01:00:00Z') })).toBe(
      '{"at":"2026-03-02T01:00:00.000Z"}',
    );
  });

  it('strips what the schema does not name and refuses what does not match', () => {
    const person = z.object({ id: z.string(), phone: z.string().nullable() });
    expect(serialize(person)({ id: 'su-shengchun', phone: null, secretHash: 'x' })).toBe(
      '{"id":"su-shengchun","phone":null}',
    );
    expect(() => serialize(person)({ id: 7, phone: null })).toThrow(/Response doesn't match/);
  });
});
