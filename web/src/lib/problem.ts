/** RFC 9457 problem details as the API sends them, turned into something a form can show. */
import type { Problem } from '../api/client';

export interface ShownProblem {
  message: string;
  status: number | null;
  /** Field errors keyed by the JSON pointer into the request, e.g. `/impactStatement`. */
  fields: Record<string, string>;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'title' in value && 'status' in value;
}

/**
 * @example toShownProblem({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'No.' })
 * // → { message: 'No.', status: 409, fields: {} }
 */
export function toShownProblem(error: unknown, fallback: string): ShownProblem {
  if (isProblem(error)) {
    const fields: Record<string, string> = {};
    for (const entry of error.errors ?? []) {
      fields[entry.pointer] = entry.detail;
    }
    return { message: error.detail ?? error.title, status: error.status, fields };
  }
  if (error instanceof Error) {
    return { message: error.message || fallback, status: null, fields: {} };
  }
  return { message: fallback, status: null, fields: {} };
}
