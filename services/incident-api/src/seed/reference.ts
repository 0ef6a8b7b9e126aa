/**
 * Reference data from the plan. Every deployment starts with the plan's defaults (groups and
 * duty phones, hotlines, OVMS, the calendars with China's official holidays, the plan's tables
 * as policy version 1); the demo adds the 2015 roster and the campaign.
 */
import {
  CHINA_OFFICIAL_DATA_YEARS,
  chinaOfficialExceptions,
  DEFAULT_NOTICE_THRESHOLDS,
  DEFAULT_PRIORITY_MATRIX,
  DEFAULT_RESOLUTION_TARGETS,
  DEFAULT_SYMPTOM_IMPACT,
  type DateException,
} from '@ovms/policy';
import type { DbOrTx } from '../db/client.js';
import {
  calendarExceptions,
  calendars,
  campaigns,
  groupMembers,
  groups,
  hotlines,
  people,
  personPasswords,
  policyVersions,
  subscriptions,
  systems,
} from '../db/schema.js';
import { hashPassword } from '../domain/identity/passwords.js';
import { DEMO_PASSWORDS, GROUPS_2015, HOTLINES_2015, PEOPLE_2015 } from './roster-2015.js';

export const DEFAULT_CALENDAR_ID = 'cn-default';
export const CAMPAIGN_CALENDAR_ID = 'bidding-window';
export const OVMS_SYSTEM_ID = 'ovms';
export const DEMO_CAMPAIGN_ID = 'bidding-2015-phase2';

const officialYears = (): number[] => {
  const years: number[] = [];
  for (let y = CHINA_OFFICIAL_DATA_YEARS.first; y <= CHINA_OFFICIAL_DATA_YEARS.last; y++) {
    years.push(y);
  }
  return years;
};

const exceptionRows = (calendarId: string, exceptions: readonly DateException[]) =>
  exceptions.map((e) => ({
    calendarId,
    date: e.date,
    kind: e.kind,
    hours: e.kind === 'hours' ? e.hours : null,
    name: e.name ?? null,
    source: 'official' as const,
  }));

export interface ReferenceSeedOptions {
  /** The demo campaign's window; default: from 3 days before `now` to 30 days after. */
  campaignWindow?: { start: Date; end: Date } | null;
  /** Give the demo people their demo passwords (argon2id: about 0.1 s each). Default true. */
  passwords?: boolean;
}

/** The plan's defaults, on a database that has no policy version yet; false if it had one. */
export async function ensurePlanDefaults(tx: DbOrTx) {
  const [existing] = await tx.select({ id: policyVersions.id }).from(policyVersions).limit(1);
  if (existing) return false;
  await seedPlanDefaults(tx);
  return true;
}

/** Inserts the plan's defaults. The caller runs it in a transaction on an empty database. */
export async function seedPlanDefaults(tx: DbOrTx) {
  const official = chinaOfficialExceptions(officialYears());
  await tx.insert(calendars).values([
    {
      id: DEFAULT_CALENDAR_ID,
      name: '默认服务窗口 Default service window (Mon–Fri 09–12, 13–18)',
      timeZone: 'Asia/Shanghai',
      weekly: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
          d,
          [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '18:00' },
          ],
        ]),
      ),
      nominalDayMinutes: 480,
    },
    {
      id: CAMPAIGN_CALENDAR_ID,
      name: '招标服务窗口 Bidding window (Mon–Sat 08–12, 13–20)',
      timeZone: 'Asia/Shanghai',
      weekly: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [
          d,
          [
            { start: '08:00', end: '12:00' },
            { start: '13:00', end: '20:00' },
          ],
        ]),
      ),
      adjustedWorkdayHours: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '20:00' },
      ],
      nominalDayMinutes: 480,
    },
  ]);
  for (const id of [DEFAULT_CALENDAR_ID, CAMPAIGN_CALENDAR_ID]) {
    const rows = exceptionRows(id, official.exceptions);
    if (rows.length > 0) await tx.insert(calendarExceptions).values(rows);
  }

  await tx.insert(groups).values(GROUPS_2015);
  await tx.insert(hotlines).values(HOTLINES_2015);
  await tx.insert(systems).values({
    id: OVMS_SYSTEM_ID,
    name: 'OVMS 车辆管理系统',
    grade: 'B',
    calendarId: DEFAULT_CALENDAR_ID,
  });
  // The plan's notices (DOMAIN §5): the threshold table says which groups a notice concerns;
  // these say how they hear it. Everyone concerned in the app; the leaders also by e-mail on a
  // breach and on every P1.
  await tx.insert(subscriptions).values([
    ...(['leaders', 'desk', 'system', 'vendor', 'devops'] as const).map((groupId) => ({
      groupId,
      kinds: ['warning', 'breach', 'priority_alert'],
      channel: 'in_app' as const,
    })),
    { groupId: 'leaders', kinds: ['breach', 'priority_alert'], channel: 'email' as const },
  ]);
  await tx.insert(policyVersions).values({
    symptomImpact: DEFAULT_SYMPTOM_IMPACT,
    priorityMatrix: DEFAULT_PRIORITY_MATRIX,
    resolutionTargets: DEFAULT_RESOLUTION_TARGETS,
    noticeThresholds: DEFAULT_NOTICE_THRESHOLDS,
    note: 'The plan’s tables (2015 emergency plan §5).',
  });
  return { officialYears: official.coveredYears, missingYears: official.missingYears };
}

/** The demo's people (the plan's 2015 team) and its campaign. */
export async function seedDemoRoster(tx: DbOrTx, now: Date, options: ReferenceSeedOptions = {}) {
  await tx.insert(people).values(
    PEOPLE_2015.map((p) => ({
      id: p.id,
      name: p.name,
      organisation: p.organisation,
      title: p.title,
      phone: p.phone ?? null,
    })),
  );
  await tx
    .insert(groupMembers)
    .values(
      PEOPLE_2015.flatMap((p) =>
        p.groups.map((g) => ({ groupId: g.id, personId: p.id, isLead: g.lead ?? false })),
      ),
    );
  if (options.passwords !== false) {
    const rows = await Promise.all(
      Object.entries(DEMO_PASSWORDS).map(async ([personId, password]) => ({
        personId,
        hash: await hashPassword(password),
        changedAt: now,
      })),
    );
    await tx.insert(personPasswords).values(rows);
  }
  // The plan's campaign (July 2015). The demo moves its window around the seeding day so that
  // the grade-A override is visible in a live queue.
  const day = 24 * 3600_000;
  const window =
    options.campaignWindow === undefined
      ? { start: new Date(now.getTime() - 3 * day), end: new Date(now.getTime() + 30 * day) }
      : options.campaignWindow;
  if (window) {
    await tx.insert(campaigns).values({
      id: DEMO_CAMPAIGN_ID,
      name: '2015全网二期线上招标',
      systemIds: [OVMS_SYSTEM_ID],
      startsAt: window.start,
      endsAt: window.end,
      gradeOverride: 'A',
      calendarId: CAMPAIGN_CALENDAR_ID,
    });
  }
}

/** Plan defaults and the demo roster together: what tests and the demo start from. */
export async function seedReferenceData(tx: DbOrTx, now: Date, options: ReferenceSeedOptions = {}) {
  const defaults = await seedPlanDefaults(tx);
  await seedDemoRoster(tx, now, options);
  return defaults;
}
