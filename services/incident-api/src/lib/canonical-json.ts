/**
 * Canonical JSON: one serialisation per JSON value, whatever its key order, for what is hashed
 * and compared later (the audit chain's seals, an Idempotency-Key's request body).
 */

/** A value as JSON holds it: what jsonb gives back. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 (JCS) serialisation of a JSON value: object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string serialisation.
 *
 * @example
 * canonicalJson({ b: [1, 2.50], a: 'é' }) // '{"a":"é","b":[1,2.5]}'
 */
export function canonicalJson(value: JsonValue): string {
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]!);
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    let out = '{';
    for (const key of Object.keys(value).sort()) {
      out += `${out.length === 1 ? '' : ','}${jsonString(key)}:${canonicalJson(value[key]!)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * A string as JSON.stringify writes it. Most need no escape (Chinese text included): those are
 * quoted as they are, without a call per key and value — the sealer hashes every audit entry,
 * and this was half of it.
 */
const jsonString = (text: string) => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);
/** What JSON.stringify escapes: quote, backslash, control characters, and lone surrogates. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * What a value becomes once stored as jsonb: dates as ISO strings, `undefined` members dropped,
 * `undefined` itself as null.
 *
 * @example
 * asStoredJson({ at: new Date(0), gone: undefined }) // { at: '1970-01-01T00:00:00.000Z' }
 */
export function asStoredJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}
