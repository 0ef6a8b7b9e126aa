/**
 * Error responses every operation documents, as application/problem+json, so that clients and
 * the OpenAPI linter see what the central error handler really sends.
 */
import { problemSchema } from './problem.js';

export const problemResponse = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: problemSchema } },
} as const;

/** Every operation may meet the rate limit and a server fault. */
export const serverErrors = { 429: problemResponse, 500: problemResponse } as const;
export const readErrors = { 400: problemResponse, 404: problemResponse, ...serverErrors } as const;
export const writeErrors = {
  400: problemResponse,
  401: problemResponse,
  403: problemResponse,
  404: problemResponse,
  409: problemResponse,
  422: problemResponse,
  ...serverErrors,
} as const;
