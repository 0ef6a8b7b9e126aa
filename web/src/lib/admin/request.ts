/** One API call of the admin workspace: its data, or the problem to show (form fields by pointer). */
import { toShownProblem, type ShownProblem } from '../problem';

export interface Outcome<T> {
  ok: boolean;
  data: T | null;
  problem: ShownProblem | null;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs an openapi-fetch call. A 2xx answer is a success even without a body (204 of a delete);
 * anything else is the problem+json the API sent, or the thrown network error.
 */
export async function attempt<T>(
  what: string,
  run: () => Promise<FetchResult<T>>,
): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await run();
    if (response.ok) return { ok: true, data: data ?? null, problem: null };
    return { ok: false, data: null, problem: toShownProblem(error, `${what}: ${response.status}`) };
  } catch (cause) {
    return { ok: false, data: null, problem: toShownProblem(cause, what) };
  }
}

/**
 * An id from a name, for records whose id the admin chooses (systems, campaigns, calendars, webhooks).
 * @example slugOf('OVMS 2015 Phase 2!') // → 'ovms-2015-phase-2'
 */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * A date picker's value read as Shanghai wall-clock time, whatever the browser's zone: the picker
 * shows local fields, and the campaigns of the plan are written in Beijing time.
 * @example pickedAsShanghai(new Date(2027, 2, 1, 0, 0)) // → '2027-03-01T00:00:00+08:00'
 */
export function pickedAsShanghai(date: Date): string {
  const local = new Date(
    Date.UTC(
      date.getFullYear(),
      date.getMonth(),
      date.getDate(),
      date.getHours(),
      date.getMinutes(),
      date.getSeconds(),
    ),
  );
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** The reverse: an instant as a picker value whose local fields are its Shanghai wall clock. */
export function shanghaiForPicker(instant: string): Date {
  const wall = new Date(Date.parse(instant) + SHANGHAI_OFFSET_MS);
  return new Date(
    wall.getUTCFullYear(),
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  );
}
