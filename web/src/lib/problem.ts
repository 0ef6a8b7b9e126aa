/** RFC 9457 problem details as the API sends them, turned into something a form can show. */
import type { Problem } from '../api/client';

export interface ShownProblem {
  message: string;
  status: number | null;
  /** Field errors keyed by the JSON pointer into the request, e.g. `/impactStatement`. */
  fields: Record<string, string>;
}

/** What a message is made from: the problem's kind (`/problems/<kind>`), code, status, detail. */
export interface ProblemFacts {
  kind: string;
  code?: string | undefined;
  status: number | null;
  /** The API's own sentence (English), or the network error's message. */
  detail?: string | undefined;
  title?: string | undefined;
}

/** One invalid field as the API names it: zod's issue code and bound, and its English detail. */
export interface FieldFacts {
  detail: string;
  code?: string | undefined;
  limit?: number | undefined;
}

export interface ProblemWording {
  problem(facts: ProblemFacts): string;
  field(facts: FieldFacts): string;
}

/**
 * Words problems in the person's language (lib/problem-wording.ts, registered by main.ts).
 * Unset, as in unit tests, messages are the API's details as they came.
 */
let wording: ProblemWording | null = null;

export function useProblemWording(word: ProblemWording | null): void {
  wording = word;
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
      fields[entry.pointer] = wording?.field(entry) ?? entry.detail;
    }
    const facts: ProblemFacts = {
      kind: error.type.replace(/^\/problems\//, ''),
      code: typeof error.code === 'string' ? error.code : undefined,
      status: error.status,
      detail: error.detail,
      title: error.title,
    };
    return {
      message: wording?.problem(facts) ?? error.detail ?? error.title,
      status: error.status,
      fields,
    };
  }
  if (error instanceof Error) {
    const message = error.message || fallback;
    return {
      message: wording?.problem({ kind: 'network', status: null, detail: message }) ?? message,
      status: null,
      fields: {},
    };
  }
  return { message: fallback, status: null, fields: {} };
}

/**
 * The API's error for a form field, by the field's path in the request body (`reporter/phone`):
 * the error at its pointer (`/body/reporter/phone`, or `/reporter/phone` as older answers wrote
 * it), or the first error inside it (`/body/weekly/mon/0/end` for `weekly`). Every form looks its
 * field errors up here.
 * @example fieldError({ message: '', status: 400, fields: { '/body/url': 'Invalid URL' } }, 'url') // → 'Invalid URL'
 */
export function fieldError(problem: ShownProblem | null | undefined, path: string): string {
  if (!problem) return '';
  for (const pointer of [`/body/${path}`, `/${path}`]) {
    if (problem.fields[pointer]) return problem.fields[pointer];
    const inside = Object.keys(problem.fields).find((key) => key.startsWith(`${pointer}/`));
    if (inside) return problem.fields[inside] ?? '';
  }
  return '';
}
