/** Error responses every operation documents, so clients and the OpenAPI linter see them. */
import { problemSchema } from './problem.js';

export const readErrors = { 400: problemSchema, 404: problemSchema } as const;
export const writeErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
} as const;
