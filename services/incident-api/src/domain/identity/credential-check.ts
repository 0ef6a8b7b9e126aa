/**
 * A credential checked inside a route's own statement instead of before it. A route that opts in
 * (`config.credentialCheckedInStatement`: the report's write, the queue's read) may act on the
 * actor this process last read for the credential, without reading it again; its statement
 * then re-checks the credential (`credentialGuard`): not revoked, not expired, the person still
 * active, and the stamp of what the actor was built from (person, groups, scopes, CSRF token)
 * unchanged. A revoked token or a changed group therefore counts from the very next request, in
 * every process, as with a read per request.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * The stamp of an API token and its person, over the aliases `tok` (api_tokens) and `per`
 * (people): the token's secret and scopes, and the person's credential revision, which triggers
 * bump whenever the person's name, organisation, active flag or groups change (migration 0009).
 * Plain columns, no subquery: it is checked in every report's write.
 */
export const tokenStamp = (tok: string, per: string) =>
  `concat_ws('/', ${per}.credential_revision, ${tok}.secret_hash, array_to_string(${tok}.scopes, ','))`;

/** The same for a session (`sess`: sessions), its CSRF token instead of scopes. */
export const sessionStamp = (sess: string, per: string) =>
  `concat_ws('/', ${per}.credential_revision, ${sess}.csrf_token)`;

/** A credential to re-check in the write: the actor was not read for this request. */
export type CredentialCheck =
  | { kind: 'token'; id: string; stamp: string }
  /** `idleSince`: the session must have been seen after this instant (its idle timeout). */
  | { kind: 'session'; secretHash: string; stamp: string; idleSince: Date };

/** Where the guard reads the credential to check: SQL expressions (columns of the write). */
export interface CredentialGuardInputs {
  /** The token's id, or the session's secret hash. */
  key: string;
  stamp: string;
  /** The instant of the write (timestamptz). */
  now: string;
  /** Sessions only: the instant the session must have been seen after (timestamptz). */
  idleSince: string;
}

/**
 * The guard as a boolean SQL expression over `on` (token: key, stamp, now; session: all four);
 * `true` without a check.
 */
export function credentialGuard(
  kind: CredentialCheck['kind'] | 'none',
  on: CredentialGuardInputs,
): string {
  switch (kind) {
    case 'none':
      return 'true';
    case 'token':
      return `exists (select 1 from api_tokens tok join people per on per.id = tok.person_id
        where tok.id = ${on.key} and tok.revoked_at is null
          and tok.expires_at > ${on.now} and per.active
          and ${tokenStamp('tok', 'per')} = ${on.stamp})`;
    case 'session':
      return `exists (select 1 from sessions sess join people per on per.id = sess.person_id
        where sess.secret_hash = ${on.key} and sess.revoked_at is null
          and sess.expires_at > ${on.now}
          and sess.last_seen_at >= ${on.idleSince} and per.active
          and ${sessionStamp('sess', 'per')} = ${on.stamp})`;
  }
}

/**
 * The guard as a drizzle condition with its inputs bound as parameters, for a statement built
 * with drizzle; `undefined` without a check. It reads no column of the statement's own rows, so
 * PostgreSQL evaluates it once per statement.
 */
export function credentialGuardSql(check: CredentialCheck | undefined, now: Date): SQL | undefined {
  if (!check) return undefined;
  const key = check.kind === 'token' ? check.id : check.secretHash;
  const idleSince = check.kind === 'session' ? check.idleSince.toISOString() : null;
  const guard = credentialGuard(check.kind, {
    key: 'c.key',
    stamp: 'c.stamp',
    now: 'c.now',
    idleSince: 'c.idle_since',
  });
  return sql`exists (select 1 from (select ${key}::text as key, ${check.stamp}::text as stamp,
    ${now.toISOString()}::timestamptz as now, ${idleSince}::timestamptz as idle_since) c
    where ${sql.raw(guard)})`;
}

/** The route's statement found the credential changed: authenticate afresh and try again. */
export class CredentialChanged extends Error {
  constructor() {
    super('the credential changed since it was last read');
    this.name = 'CredentialChanged';
  }
}
