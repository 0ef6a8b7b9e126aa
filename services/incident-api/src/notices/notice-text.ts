/**
 * The in-app text of a notice (the bell), Chinese first with the English after it, and the
 * structured payload an outbox row carries to the delivery channels, which render it for e-mail
 * and the group robots.
 */
const GROUP_NAMES: Record<string, string> = {
  desk: '服务台 service desk',
  system: '系统组 system group',
  vendor: '厂商 vendor',
  devops: '运维 devops',
  leaders: '领导小组 leaders',
};

export interface NoticeFacts {
  key: string;
  kind: 'warning' | 'breach' | 'priority_alert';
  percent: number | null;
  dueAt: Date;
  holdingGroup: string | null;
  priority: string;
}

export interface IncidentFacts {
  id: number;
  title: string;
  priority: string;
  status: string;
  holderGroup: string;
  systemId: string;
  reporterOrganisation: string;
  dueAt: Date | null;
}

export function noticeTitle(notice: NoticeFacts, incident: IncidentFacts): string {
  const head = `[${notice.priority}] #${incident.id}`;
  switch (notice.kind) {
    case 'priority_alert':
      return `${head} P1 事件，请领导关注 · P1 incident: leaders alerted`;
    case 'breach':
      return `${head} 已超时 · SLA breached`;
    case 'warning':
      return `${head} 已用时 ${notice.percent} % · ${notice.percent} % of the target used`;
  }
}

export function noticeBody(notice: NoticeFacts, incident: IncidentFacts): string {
  const holder = notice.holdingGroup ?? incident.holderGroup;
  const due = incident.dueAt ? incident.dueAt.toISOString() : '—';
  return [
    incident.title,
    `处理组 holding group: ${GROUP_NAMES[holder] ?? holder}`,
    `到期 due: ${due}`,
  ].join('\n');
}

/** What an outbox row carries: plain facts, rendered per channel by the delivery module. */
export function noticePayload(
  noticeId: number,
  notice: NoticeFacts,
  incident: IncidentFacts,
  recipient?: { personId: string },
) {
  return {
    notice: {
      id: noticeId,
      key: notice.key,
      kind: notice.kind,
      percent: notice.percent,
      dueAt: notice.dueAt.toISOString(),
      holdingGroup: notice.holdingGroup,
      priority: notice.priority,
    },
    incident: {
      id: incident.id,
      title: incident.title,
      priority: incident.priority,
      status: incident.status,
      holderGroup: incident.holderGroup,
      systemId: incident.systemId,
      reporterOrganisation: incident.reporterOrganisation,
      dueAt: incident.dueAt ? incident.dueAt.toISOString() : null,
    },
    title: noticeTitle(notice, incident),
    body: noticeBody(notice, incident),
    ...(recipient ? { recipient } : {}),
  };
}
