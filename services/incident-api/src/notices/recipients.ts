/**
 * Who receives a notice, over which channel. The notice names roles (@ovms/policy
 * NoticeAudience); the incident says which group holds it; the subscriptions say which groups
 * (optionally only their leads) and people take which kinds of notice over which channel.
 *
 * - `holding_group`: every member of the group holding the incident; `holding_group_lead`: that
 *   group's leads (group_members.is_lead); `leaders`: every member of the leaders group.
 * - A group's subscription reaches those of its members the audience names (and only its leads
 *   when `leadsOnly`); a group robot (webhook) is posted to when the audience names the group.
 * - A person's subscription is their own choice: it reaches them for every notice of its kinds.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { groupMembers, people, subscriptions, webhooks } from '../db/schema.js';

type Subscription = Pick<
  typeof subscriptions.$inferSelect,
  'groupId' | 'leadsOnly' | 'personId' | 'kinds' | 'channel' | 'webhookId'
>;

interface Member {
  groupId: string;
  personId: string;
  isLead: boolean;
}

/** The subscriptions, memberships and people a batch of notices is resolved against. */
export interface Directory {
  subscriptions: readonly Subscription[];
  members: readonly Member[];
  /** Active people's e-mail addresses (null: none known). */
  emails: ReadonlyMap<string, string | null>;
  activeWebhooks: ReadonlySet<string>;
}

export async function loadDirectory(tx: DbOrTx): Promise<Directory> {
  // One after the other: a transaction is one connection, which runs one query at a time.
  const subs = await tx
    .select({
      groupId: subscriptions.groupId,
      leadsOnly: subscriptions.leadsOnly,
      personId: subscriptions.personId,
      kinds: subscriptions.kinds,
      channel: subscriptions.channel,
      webhookId: subscriptions.webhookId,
    })
    .from(subscriptions)
    .where(eq(subscriptions.active, true));
  const members = await tx
    .select({
      groupId: groupMembers.groupId,
      personId: groupMembers.personId,
      isLead: groupMembers.isLead,
    })
    .from(groupMembers)
    .innerJoin(people, and(eq(people.id, groupMembers.personId), eq(people.active, true)));
  const persons = await tx
    .select({ id: people.id, email: people.email })
    .from(people)
    .where(eq(people.active, true));
  const hooks = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(eq(webhooks.active, true));
  return {
    subscriptions: subs,
    members,
    emails: new Map(persons.map((p) => [p.id, p.email])),
    activeWebhooks: new Set(hooks.map((h) => h.id)),
  };
}

export interface NoticeForRecipients {
  kind: string;
  audience: readonly string[];
  /** The group holding the incident when the notice fell due. */
  holdingGroup: string | null;
}

export interface Recipients {
  /** People who get an in-app notification. */
  inApp: string[];
  /** E-mails owed: one per address. */
  email: { personId: string; address: string }[];
  /** Webhook ids to post to. */
  webhooks: string[];
}

/** The groups the audience names: all their members, or only their leads. */
function audienceGroups(notice: NoticeForRecipients): Map<string, 'all' | 'leads'> {
  const groups = new Map<string, 'all' | 'leads'>();
  const holder =
    notice.holdingGroup && notice.holdingGroup !== 'none' ? notice.holdingGroup : undefined;
  if (holder && notice.audience.includes('holding_group')) groups.set(holder, 'all');
  if (holder && notice.audience.includes('holding_group_lead') && !groups.has(holder)) {
    groups.set(holder, 'leads');
  }
  if (notice.audience.includes('leaders')) groups.set('leaders', 'all');
  return groups;
}

export function recipientsOf(notice: NoticeForRecipients, directory: Directory): Recipients {
  const named = audienceGroups(notice);
  const inApp = new Set<string>();
  const email = new Map<string, string>();
  const hooks = new Set<string>();
  const reach = (channel: Subscription['channel'], personId: string) => {
    if (!directory.emails.has(personId)) return;
    if (channel === 'in_app') inApp.add(personId);
    if (channel === 'email') {
      const address = directory.emails.get(personId);
      if (address && ![...email.values()].includes(address)) email.set(personId, address);
    }
  };
  for (const sub of directory.subscriptions) {
    if (!sub.kinds.includes(notice.kind)) continue;
    if (sub.channel === 'webhook') {
      const concerned = sub.groupId ? named.has(sub.groupId) : true;
      if (concerned && sub.webhookId && directory.activeWebhooks.has(sub.webhookId)) {
        hooks.add(sub.webhookId);
      }
      continue;
    }
    if (sub.personId) {
      reach(sub.channel, sub.personId);
      continue;
    }
    const reached = sub.groupId ? named.get(sub.groupId) : undefined;
    if (!reached) continue;
    for (const m of directory.members) {
      if (m.groupId !== sub.groupId) continue;
      if ((reached === 'leads' || sub.leadsOnly) && !m.isLead) continue;
      reach(sub.channel, m.personId);
    }
  }
  return {
    inApp: [...inApp].sort(),
    email: [...email].map(([personId, address]) => ({ personId, address })),
    webhooks: [...hooks].sort(),
  };
}
