/**
 * Sign-in throttling per account and per address, in the database so that every API process
 * counts the same failures: after too many failures within the window, sign-in answers 429
 * with Retry-After until the oldest failure leaves the window.
 */
import { and, asc, count, eq, gt, inArray, lt, min } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { signInFailures } from '../../db/schema.js';
import { Problem } from '../../lib/problem.js';

export interface ThrottleLimits {
  windowMinutes: number;
  perAccount: number;
  perAddress: number;
}

const keysOf = (login: string, address: string) => ({
  account: `account:${login.toLowerCase()}`,
  address: `address:${address}`,
});

/** Throws 429 (with `retryAfterSeconds`) when the account or the address is locked out. */
export async function assertNotThrottled(
  db: DbOrTx,
  login: string,
  address: string,
  now: Date,
  limits: ThrottleLimits,
) {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const keys = keysOf(login, address);
  const rows = await db
    .select({ key: signInFailures.key, n: count(), oldest: min(signInFailures.at) })
    .from(signInFailures)
    .where(
      and(inArray(signInFailures.key, [keys.account, keys.address]), gt(signInFailures.at, since)),
    )
    .groupBy(signInFailures.key);
  for (const row of rows) {
    const limit = row.key === keys.account ? limits.perAccount : limits.perAddress;
    if (row.n < limit) continue;
    // Locked until enough failures age out of the window: the (n - limit + 1)-th oldest.
    const [releasing] = await db
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(and(eq(signInFailures.key, row.key), gt(signInFailures.at, since)))
      .orderBy(asc(signInFailures.at))
      .offset(row.n - limit)
      .limit(1);
    const until = (releasing?.at ?? now).getTime() + limits.windowMinutes * 60_000;
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new Problem(
      429,
      'sign-in-throttled',
      'Too many failed sign-ins',
      row.key === keys.account
        ? `Too many failed sign-ins for this account; try again in ${retryAfterSeconds} s.`
        : `Too many failed sign-ins from this address; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}

export async function recordSignInFailure(db: DbOrTx, login: string, address: string, now: Date) {
  const keys = keysOf(login, address);
  await db.insert(signInFailures).values([
    { key: keys.account, at: now },
    { key: keys.address, at: now },
  ]);
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearAccountFailures(
  db: DbOrTx,
  login: string,
  now: Date,
  limits: ThrottleLimits,
) {
  await db.delete(signInFailures).where(eq(signInFailures.key, keysOf(login, '').account));
  // Old rows of every key are of no use any more.
  await db
    .delete(signInFailures)
    .where(lt(signInFailures.at, new Date(now.getTime() - limits.windowMinutes * 60_000)));
}
