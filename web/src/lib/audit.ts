/** Reading audit entries: what a write changed, field by field. */

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields an entry changed: top-level keys whose value differs between `before` and `after`
 * (compared as JSON), in a stable order. A value that is not an object is one field, `''`.
 * @example changedFields({ status: 'reported', version: 1 }, { status: 'triage', version: 2 })
 * // → [{ field: 'status', before: 'reported', after: 'triage' }, { field: 'version', … }]
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    return JSON.stringify(before ?? null) === JSON.stringify(after ?? null)
      ? []
      : [{ field: '', before: before ?? null, after: after ?? null }];
  }
  const old = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
  return fields
    .filter((field) => JSON.stringify(old[field] ?? null) !== JSON.stringify(now[field] ?? null))
    .map((field) => ({ field, before: old[field] ?? null, after: now[field] ?? null }));
}

/**
 * A value for one table cell: strings as they are, the rest as compact JSON, cut at `max`.
 * @example shownValue({ a: 1 }) // → '{"a":1}'
 */
export function shownValue(value: unknown, max = 120): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
