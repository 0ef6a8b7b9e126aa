import { z } from 'zod';

/** The service's configuration, read once from the environment at boot. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset: the embedded PGlite database in DATA_DIR. Set: PostgreSQL through `pg`. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sessions end after this much inactivity, and at the latest this long after sign-in. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Mark the session cookie Secure: set it when the API is served over HTTPS. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Requests per minute per person (or per address before sign-in); beyond, 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Failed sign-ins tolerated per account and per address within the window. */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Where the SPA's production build lives; served at `/` when it exists. */
  WEB_DIST: z.string().min(1).default('../../web/dist'),
  /**
   * The SMTP server notices are mailed through, e.g. `smtp://user:pass@host:587` (STARTTLS when
   * the server offers it) or `smtps://user:pass@host:465`. Unset: e-mail is disabled.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of notice mails, e.g. `OVMS 应急平台 <ovms@example.com>`; required with SMTP_URL. */
  SMTP_FROM: z.string().min(3).optional(),
  /** Where people open the SPA: links in notices point to `${PUBLIC_URL}/incidents/<id>`. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:3000')
    .transform((u) => u.replace(/\/+$/, '')),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Parses the environment; an invalid value stops the boot with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
