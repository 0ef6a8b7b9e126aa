/**
 * RFC 9457 problem details: the one shape every error of the API takes.
 * `type` is a stable, relative URI per kind of problem; clients switch on it (or on `code`).
 */
import { z } from 'zod';

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/reporter/phone`. */
  pointer: string;
  detail: string;
  /** What is wrong, as a word a client can translate: zod's issue code, e.g. `too_small`. */
  code?: string;
  /** The bound a `too_small` / `too_big` value missed (characters, items or the number). */
  limit?: number;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Machine-readable reason, e.g. the state machine's refusal code. */
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().optional(),
    errors: z
      .array(
        z.object({
          pointer: z.string(),
          detail: z.string(),
          code: z
            .string()
            .optional()
            .describe(
              'What is wrong, for clients to word it in their language: too_small, too_big, invalid_format, invalid_value, invalid_type, unrecognized_keys, custom.',
            ),
          limit: z.number().optional().describe('The bound a too_small / too_big value missed.'),
        }),
      )
      .optional()
      .describe('One entry per invalid field, located by a JSON pointer into the request.'),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

/** An error that the central handler turns into problem+json as it is. */
export class Problem extends Error {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.extensions = extensions;
  }

  toDocument(instance?: string): ProblemDocument {
    return {
      type: `/problems/${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.message && this.message !== this.title ? { detail: this.message } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const notFound = (what: string, id: string | number) =>
  new Problem(404, 'not-found', 'Not found', `${what} ${id} does not exist.`);

export const validationProblem = (errors: FieldError[], detail = 'The request is not valid.') =>
  new Problem(400, 'validation', 'Invalid request', detail, { errors });

/**
 * A reference record still in use: refused with what uses it, so the admin knows what to change
 * first. `uses` lists each kind of user with its ids (or a count).
 */
export function inUse(
  slug: string,
  what: string,
  id: string,
  uses: Record<string, readonly string[] | number>,
): Problem {
  const listed = Object.entries(uses)
    .filter(([, v]) => (typeof v === 'number' ? v > 0 : v.length > 0))
    .map(([kind, v]) => (typeof v === 'number' ? `${v} ${kind}` : `${kind} ${v.join(', ')}`));
  return new Problem(
    409,
    slug,
    `${what} in use`,
    `${what} ${id} is still used by ${listed.join('; ')}; change those first.`,
    { uses },
  );
}
