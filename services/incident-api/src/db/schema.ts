/**
 * The database schema (drizzle-orm). Migrations in ../../drizzle are generated from this file
 * with `pnpm db:generate` and applied at boot, identically on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import type { ClockEvent, IncidentState } from '@ovms/policy';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => instant('created_at').notNull().defaultNow();

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

/** Service-window calendars: weekly hours and dated exceptions (holidays, 调休, own hours). */
export const calendars = pgTable('calendars', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  /** `Partial<Record<Weekday, WorkingInterval[]>>` of @ovms/policy. */
  weekly: jsonb('weekly').notNull(),
  adjustedWorkdayHours: jsonb('adjusted_workday_hours'),
  nominalDayMinutes: integer('nominal_day_minutes').notNull().default(480),
  /** Bumped on every edit of the calendar or its exceptions (cache key of compiled calendars). */
  revision: integer('revision').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

export const calendarExceptions = pgTable(
  'calendar_exceptions',
  {
    calendarId: text('calendar_id')
      .notNull()
      .references(() => calendars.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    kind: text('kind', { enum: ['holiday', 'workday', 'hours'] }).notNull(),
    hours: jsonb('hours'),
    name: text('name'),
    /** `official` rows come from the China holiday data import; `manual` ones from an admin. */
    source: text('source', { enum: ['official', 'manual'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.date] })],
);

export const systems = pgTable('systems', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  grade: text('grade', { enum: ['A', 'B', 'C'] }).notNull(),
  calendarId: text('calendar_id')
    .notNull()
    .references(() => calendars.id),
  createdAt: createdAt(),
});

/** A time-bounded override of systems' grade, possibly with its own service window. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    systemIds: text('system_ids').array().notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    gradeOverride: text('grade_override', { enum: ['A', 'B', 'C'] }),
    calendarId: text('calendar_id').references(() => calendars.id),
    createdAt: createdAt(),
  },
  (t) => [check('campaign_window', sql`${t.endsAt} > ${t.startsAt}`)],
);

/** The groups of plan §3.2 with their duty phones. */
export const groups = pgTable('groups', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  phones: text('phones')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  duties: text('duties').notNull().default(''),
});

export const people = pgTable('people', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  organisation: text('organisation').notNull(),
  title: text('title').notNull().default(''),
  phone: text('phone'),
  email: text('email'),
  active: boolean('active').notNull().default(true),
  /**
   * Bumped by triggers (migration 0009) whenever what a credential's actor is built from changes:
   * the person's name, organisation or active flag, or their groups. A process's cached reading
   * of a token or session is checked against it inside the write (credential-check.ts).
   */
  credentialRevision: integer('credential_revision').notNull().default(0),
  createdAt: createdAt(),
});

/**
 * One row: bumped by statement triggers (migration 0009) on every change to the reference data a
 * report derives from — systems, campaigns, calendars and their exceptions, policy versions. A
 * process's cached reference facts are checked against it inside the report's write.
 */
export const referenceRevision = pgTable(
  'reference_revision',
  {
    id: boolean('id').primaryKey().default(true),
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('reference_revision_one_row', sql`${t.id}`)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    isLead: boolean('is_lead').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.personId] })],
);

export const hotlines = pgTable('hotlines', {
  id: text('id').primaryKey(),
  number: text('number').notNull(),
  purpose: text('purpose', { enum: ['operation_question', 'system_fault'] }).notNull(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
});

/**
 * The plan's tables, versioned: an incident keeps the version it was created under.
 * The newest row is the one in force.
 */
export const policyVersions = pgTable('policy_versions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  symptomImpact: jsonb('symptom_impact').notNull(),
  priorityMatrix: jsonb('priority_matrix').notNull(),
  resolutionTargets: jsonb('resolution_targets').notNull(),
  noticeThresholds: jsonb('notice_thresholds').notNull(),
  note: text('note').notNull().default(''),
  createdBy: text('created_by'),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------------------------------------
// Identity: passwords, sessions, API tokens, sign-in throttling
// ---------------------------------------------------------------------------------------------

/** argon2id hashes (PHC strings); a person without a row cannot sign in with a password. */
export const personPasswords = pgTable('person_passwords', {
  personId: text('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  hash: text('hash').notNull(),
  changedAt: instant('changed_at').notNull(),
});

/** Server-side sessions, shared by every API process; the cookie carries only the secret. */
export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie's secret: a leaked table does not yield live cookies. */
    secretHash: text('secret_hash').primaryKey(),
    /** A short public id, for the audit trail. */
    id: text('id').notNull().unique(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    /** The absolute timeout: no activity extends a session past this. */
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    address: text('address'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

/** API tokens for the OVMS integration and ops scripts: shown once, stored hashed, scoped. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdById: text('created_by_id').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
    lastUsedAddress: text('last_used_address'),
  },
  (t) => [index('api_tokens_person_idx').on(t.personId)],
);

/** Failed sign-ins, counted per account and per address over a sliding window. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('sign_in_failures_key_idx').on(t.key, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------

export const incidents = pgTable(
  'incidents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Optimistic concurrency: bumped by every change, exposed as the ETag. */
    version: integer('version').notNull().default(1),
    status: text('status').notNull(),
    holderGroup: text('holder_group').notNull(),
    assigneeId: text('assignee_id').references(() => people.id),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    systemId: text('system_id')
      .notNull()
      .references(() => systems.id),
    campaignId: text('campaign_id').references(() => campaigns.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    symptom: text('symptom').notNull(),
    impact: text('impact').notNull(),
    scope: text('scope').notNull(),
    priority: text('priority').notNull(),
    impactStatement: text('impact_statement'),
    effectiveGrade: text('effective_grade').notNull(),
    policyVersionId: integer('policy_version_id')
      .notNull()
      .references(() => policyVersions.id),
    calendarId: text('calendar_id')
      .notNull()
      .references(() => calendars.id),
    reporterOrganisation: text('reporter_organisation').notNull(),
    reporterName: text('reporter_name').notNull(),
    reporterPhone: text('reporter_phone'),
    reportedById: text('reported_by_id').references(() => people.id),
    externalRef: text('external_ref'),
    reportedAt: instant('reported_at').notNull(),
    acknowledgedAt: instant('acknowledged_at'),
    /** Working-time target in ms under the incident's policy version and grade. */
    targetMs: bigint('target_ms', { mode: 'number' }).notNull(),
    /** Null while the clock is paused or stopped: nothing is due then. */
    dueAt: instant('due_at'),
    clockState: text('clock_state', { enum: ['running', 'paused', 'stopped'] }).notNull(),
    breachedAt: instant('breached_at'),
    resolvedAt: instant('resolved_at'),
    closedAt: instant('closed_at'),
    resolutionCode: text('resolution_code'),
    /** The policy state machine's state, as it returned it. */
    workflow: jsonb('workflow').$type<IncidentState>().notNull(),
    /** The SLA clock's history (@ovms/policy ClockEvent[]), from which every SLA figure derives. */
    clockEvents: jsonb('clock_events').$type<ClockEvent[]>().notNull(),
    /**
     * Groups that see the incident besides those who see everything (desk, system, leaders,
     * admin): `vendor` once handed to it, `devops` once it holds a change task or handles on site.
     */
    visibleTo: text('visible_to')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * When the SLA runner must next look at this incident (the next notice's instant); null
     * while nothing can fall due (paused, stopped, every notice sent). Recomputed by every change.
     */
    nextNoticeAt: instant('next_notice_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // The queue: by due time (paused and stopped clocks last), then id for a stable cursor.
    index('incidents_queue_idx').on(sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id),
    // The open queue alone: paused and resolved incidents (no due time) would otherwise sit
    // among a million closed ones at 'infinity', and reaching them would scan past all of those.
    index('incidents_open_queue_idx')
      .on(sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id)
      .where(sql`${t.status} not in ('closed', 'cancelled')`),
    index('incidents_status_idx').on(t.status),
    // A group's own queue (the vendor's home, the system group's board): its open incidents by
    // due time straight from the index, instead of gathering every one it holds and sorting them.
    index('incidents_open_holder_queue_idx')
      .on(t.holderGroup, sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id)
      .where(sql`${t.status} not in ('closed', 'cancelled')`),
    index('incidents_external_ref_idx').on(t.externalRef),
    index('incidents_org_idx').on(t.reporterOrganisation),
    // The runner's only query when idle: the earliest pending notice instant.
    index('incidents_next_notice_idx')
      .on(t.nextNoticeAt)
      .where(sql`${t.nextNoticeAt} is not null`),
  ],
);

/**
 * The timeline: every action, re-assessment, comment, SLA event and decision, append-only.
 * Keyed by incident first: it is only ever read an incident's timeline at a time, and one index
 * instead of two is a third less to write per entry (a report writes four).
 */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: instant('at').notNull(),
    type: text('type').notNull(),
    actorId: text('actor_id'),
    actorGroups: text('actor_groups')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [primaryKey({ name: 'incident_events_pkey', columns: [t.incidentId, t.id] })],
);

/** Release, emergency release or SQL script run in production for an incident (plan §4). */
export const changeTasks = pgTable(
  'change_tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** 1, 2, 3… within the incident, as the workflow numbers them. */
    number: integer('number').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    summary: text('summary').notNull(),
    packageRef: text('package_ref'),
    sqlText: text('sql_text'),
    /** sha256 of the SQL text as requested: devops runs exactly what system approved. */
    sqlChecksum: text('sql_checksum'),
    requestedById: text('requested_by_id'),
    requestedAt: instant('requested_at').notNull(),
    decidedById: text('decided_by_id'),
    decidedAt: instant('decided_at'),
    executedById: text('executed_by_id'),
    executedAt: instant('executed_at'),
    result: text('result'),
    output: text('output'),
    verifiedById: text('verified_by_id'),
    verifiedAt: instant('verified_at'),
    note: text('note'),
  },
  (t) => [uniqueIndex('change_tasks_incident_number_idx').on(t.incidentId, t.number)],
);

/** Idempotency-Key records for incident creation: OVMS may retry safely. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').notNull(),
    /** Who sent it: the same key from two clients is two keys. */
    principal: text('principal').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

/**
 * Every write: who, with which credential, what, when, before → after, request id. Append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE), written unchained in the write's transaction
 * and hash-chained afterwards by the sealer into `audit_seals`, see `domain/audit.ts`.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Set by `recordAudit` from the database clock, to the millisecond (it is hashed). */
    at: instant('at').notNull(),
    actorId: text('actor_id'),
    credential: text('credential'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.actorId, t.id),
    index('audit_log_action_idx').on(t.action, t.id),
    check('audit_log_at_ms', sql`${t.at} = date_trunc('milliseconds', ${t.at})`),
  ],
);

/**
 * The hash chain over the audit trail (domain/audit.ts): one row per sealed entry, in chain
 * order. Append-only like `audit_log` (migration 0007).
 */
export const auditSeals = pgTable(
  'audit_seals',
  {
    /** 1, 2, 3… in chain order, without gaps. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    /**
     * The entry sealed; each entry at most once. No foreign key: its check locked the entry's
     * row at every seal (a WAL record per entry), and entries cannot be deleted anyway (0002);
     * a seal whose entry is gone is what verifyAuditChain reports as `entry_missing`.
     */
    auditId: bigint('audit_id', { mode: 'number' }).notNull(),
    /** The previous seal's hash; 64 zeros for the first. */
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_seals_audit_id_idx').on(t.auditId),
    check('audit_seals_seq_positive', sql`${t.seq} >= 1`),
    // 32 bytes in hex (decode refuses anything else): a regular expression here was a third of
    // a seal's cost.
    check(
      'audit_seals_hash_hex',
      sql`octet_length(decode(${t.hash}, 'hex')) = 32 and octet_length(decode(${t.prevHash}, 'hex')) = 32`,
    ),
  ],
);

/**
 * Entries committed and not sealed yet: filled by a trigger on `audit_log` in the writing
 * transaction (so an entry that commits late with a lower id is queued all the same), emptied
 * by the sealer in the transaction that seals them.
 */
export const auditUnsealed = pgTable('audit_unsealed', {
  auditId: bigint('audit_id', { mode: 'number' }).primaryKey(),
});

// ---------------------------------------------------------------------------------------------
// Notices and their delivery
// ---------------------------------------------------------------------------------------------

/** A notice (warning, breach, P1 alert) written once per incident and key, by the SLA runner. */
export const notices = pgTable(
  'notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** `threshold:75`, `p1:leaders`… (@ovms/policy Notice.key): the exactly-once key. */
    key: text('key').notNull(),
    kind: text('kind', { enum: ['warning', 'breach', 'priority_alert'] }).notNull(),
    percent: integer('percent'),
    /** The instant the notice fell due (working-time threshold). */
    dueAt: instant('due_at').notNull(),
    /** When the runner wrote it: `created_at - due_at` is the notice delay. */
    createdAt: instant('created_at').notNull(),
    audience: text('audience').array().notNull(),
    holdingGroup: text('holding_group'),
    priority: text('priority').notNull(),
  },
  (t) => [uniqueIndex('notices_incident_key_idx').on(t.incidentId, t.key)],
);

/** In-app notifications per person: the bell. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    noticeId: bigint('notice_id', { mode: 'number' }).references(() => notices.id),
    incidentId: integer('incident_id').references(() => incidents.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
    readAt: instant('read_at'),
  },
  (t) => [index('notifications_person_idx').on(t.personId, t.id)],
);

/** Group robots and generic receivers that notices are posted to. */
export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['generic', 'wecom', 'dingtalk', 'feishu'] }).notNull(),
  url: text('url').notNull(),
  /** HMAC key (generic, DingTalk, Feishu signing); never returned by the API. */
  secret: text('secret'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/**
 * Who receives which notices over which channel: a group (optionally its leads only) or a
 * person; the plan's defaults are seeded, admins edit them.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    groupId: text('group_id').references(() => groups.id),
    leadsOnly: boolean('leads_only').notNull().default(false),
    personId: text('person_id').references(() => people.id, { onDelete: 'cascade' }),
    kinds: text('kinds').array().notNull(),
    channel: text('channel', { enum: ['in_app', 'email', 'webhook'] }).notNull(),
    webhookId: text('webhook_id').references(() => webhooks.id, { onDelete: 'cascade' }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'subscription_target',
      sql`(${t.groupId} is null) <> (${t.personId} is null) and (${t.channel} <> 'webhook' or ${t.webhookId} is not null)`,
    ),
  ],
);

/**
 * The outbox: a delivery owed, written in the transaction that wrote its notice, then sent
 * by the delivery worker with retries and exponential backoff; `dead` after the last attempt.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    noticeId: bigint('notice_id', { mode: 'number' }).references(() => notices.id),
    channel: text('channel', { enum: ['email', 'webhook'] }).notNull(),
    /** The webhook id, or the e-mail address. */
    target: text('target').notNull(),
    /** What to send, rendered when the notice was written (so a retry sends the same). */
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_status_idx').on(t.status, t.id),
  ],
);

/** Every delivery attempt: the delivery log of a notice. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: bigint('outbox_id', { mode: 'number' })
      .notNull()
      .references(() => outbox.id),
    at: instant('at').notNull(),
    ok: boolean('ok').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('delivery_attempts_outbox_idx').on(t.outboxId, t.id)],
);
