/**
 * PostgreSQL's SQLSTATE of an error, wherever the driver or drizzle put it (drizzle wraps the
 * driver's error as `cause`; pg and PGlite both carry `code`).
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** A row that something still references (foreign_key_violation). */
export const FOREIGN_KEY_VIOLATION = '23503';
