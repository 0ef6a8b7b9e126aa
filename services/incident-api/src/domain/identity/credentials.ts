/**
 * Sessions and API tokens: issued, looked up by hash, revoked. A token reads
 * `ovms_<id>_<secret>`: the id finds the row (and names the token in the audit trail), the
 * secret is checked against its sha256.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { apiTokens, sessions } from '../../db/schema.js';
import type { TokenScope } from './access.js';
import { randomSecret, secretHash } from './secrets.js';

export const SESSION_COOKIE = 'ovms_session';

export function parseToken(raw: string): { id: string; secret: string } | undefined {
  const match = /^ovms_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(raw);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

const tokenId = () =>
  randomSecret(16)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .padEnd(12, '0');

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

export async function startSession(
  tx: DbOrTx,
  personId: string,
  now: Date,
  timeouts: SessionTimeouts,
  client: { address: string; userAgent: string | undefined },
) {
  const secret = randomSecret();
  const session = {
    secretHash: secretHash(secret),
    id: randomSecret(9),
    personId,
    csrfToken: randomSecret(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + timeouts.absoluteHours * 3_600_000),
    address: client.address,
    userAgent: client.userAgent ?? null,
  };
  await tx.insert(sessions).values(session);
  return { secret, session };
}

export async function revokeSession(tx: DbOrTx, id: string, now: Date) {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Signs a person out everywhere (password change or reset), except maybe the current session. */
export async function revokeSessionsOf(tx: DbOrTx, personId: string, now: Date, except?: string) {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.personId, personId),
        isNull(sessions.revokedAt),
        except ? ne(sessions.id, except) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export interface IssueToken {
  name: string;
  personId: string;
  scopes: readonly TokenScope[];
  createdById: string;
  expiresAt: Date;
}

/** Creates a token; the returned `token` string is the only time its secret exists in clear. */
export async function issueToken(tx: DbOrTx, input: IssueToken, now: Date) {
  const id = tokenId();
  const secret = randomSecret();
  const row = {
    id,
    name: input.name,
    personId: input.personId,
    secretHash: secretHash(secret),
    scopes: [...input.scopes],
    createdById: input.createdById,
    createdAt: now,
    expiresAt: input.expiresAt,
  };
  await tx.insert(apiTokens).values(row);
  return { token: `ovms_${id}_${secret}`, row };
}
