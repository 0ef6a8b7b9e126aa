/**
 * Who may call what. Every /api route declares an access rule in its `config.access`; the
 * authentication plugin refuses to start with a route that has none, and enforces each rule
 * before the request body is even validated (401 before 400).
 */
import type { GroupId } from '@ovms/policy';

/** What an API token may be used for. A signed-in person (cookie session) has every scope. */
export const TOKEN_SCOPES = [
  'incidents:read',
  'incidents:report',
  'incidents:act',
  'audit:read',
  'admin',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface AccessRule {
  /**
   * `public`: no credential needed. `signed-in`: any valid credential. A scope: a token must
   * carry it (a session always does).
   */
  scope: TokenScope | 'public' | 'signed-in';
  /** The groups allowed at all; absent: anyone signed in. The state machine decides the rest. */
  groups?: readonly GroupId[];
}

/** The groups that act on incidents; admin acts only when also in one of these. */
export const INCIDENT_GROUPS: readonly GroupId[] = [
  'leaders',
  'desk',
  'system',
  'devops',
  'vendor',
  'reporters',
];

/** Groups that see every incident; the others see what concerns them. */
export const SEE_ALL_GROUPS: readonly GroupId[] = ['leaders', 'desk', 'system', 'admin'];

export const access = {
  public: { scope: 'public' },
  signedIn: { scope: 'signed-in' },
  readIncidents: { scope: 'incidents:read' },
  report: { scope: 'incidents:report', groups: ['reporters', 'desk', 'devops'] },
  act: { scope: 'incidents:act', groups: INCIDENT_GROUPS },
  admin: { scope: 'admin', groups: ['admin'] },
  audit: { scope: 'audit:read', groups: ['admin', 'leaders'] },
} as const satisfies Record<string, AccessRule>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}
