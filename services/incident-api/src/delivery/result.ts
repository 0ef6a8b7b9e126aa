/**
 * The outcome of one delivery attempt, as the outbox worker writes it to `delivery_attempts`.
 * Failures are results, never exceptions: the worker decides on retries from `ok`.
 */
export type DeliveryResult =
  | {
      ok: true;
      /** The HTTP status of a webhook's answer, or the SMTP reply code of a mail. */
      statusCode?: number;
      durationMs: number;
    }
  | {
      ok: false;
      /** Why it failed, for the delivery log and the dead letters; never holds a secret or URL. */
      error: string;
      statusCode?: number;
      /**
       * `false`: retrying cannot help (bad payload, webhook gone or inactive, e-mail disabled, a
       * recipient the mail server refuses for good): the row goes to the dead letters at once.
       */
      retryable?: boolean;
      durationMs: number;
    };

/** The message of an error and of its causes, e.g. `fetch failed: connect ECONNREFUSED …`. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const message = current.message || current.name;
      parts.push(
        typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message,
      );
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(': ') || 'unknown error';
}

export function elapsedSince(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
