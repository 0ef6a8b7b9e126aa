/**
 * The message of a notice, rendered once when the notice is written: the outbox stores it in the
 * payload (`NoticePayload`), so a retry, a re-send or another process sends the very same text.
 * Chinese first, English after it for readers without Chinese.
 */
import { z } from 'zod';
import { groupName, statusName, type Bilingual } from './labels.js';

export const NOTICE_KINDS = ['warning', 'breach', 'priority_alert'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The notice as it travels in payloads: JSON, the instant as an ISO string. */
export const noticeSummarySchema = z.object({
  id: z.number().int(),
  /** `threshold:75`, `p1:leaders`… the notice's exactly-once key. */
  key: z.string().min(1),
  kind: z.enum(NOTICE_KINDS),
  /** The threshold of a warning; `null` for breaches and priority alerts. */
  percent: z.number().int().min(0).max(100).nullable(),
  /** When the notice fell due. */
  dueAt: z.iso.datetime({ offset: true }),
});
export type NoticeSummary = z.infer<typeof noticeSummarySchema>;

/** What a notice says about its incident; working minutes, per the incident's calendar. */
export const incidentSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  priority: z.string().min(1),
  status: z.string().min(1),
  holderGroup: z.string().min(1),
  reporterOrganisation: z.string(),
  sla: z.object({
    spentMinutes: z.number(),
    /** Negative once the target is breached. */
    leftMinutes: z.number(),
    targetMinutes: z.number(),
    /** The resolution due time, an ISO instant. */
    dueAt: z.string().min(1),
  }),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const noticeMessageSchema = z.object({
  /** One line, also the title of robot messages: `【P1 预警 75%】#12 标题 — P1 warning 75%`. */
  subject: z.string().min(1),
  /** Plain text for mail. */
  text: z.string().min(1),
  html: z.string().optional(),
  /** The subset of Markdown that WeCom, DingTalk and Feishu (lark_md) all render. */
  markdown: z.string().min(1),
  /** `${PUBLIC_URL}/incidents/<id>` */
  link: z.string().min(1),
});
export type NoticeMessage = z.infer<typeof noticeMessageSchema>;

/** What the outbox stores for a notice's e-mail and webhook deliveries. */
export const noticePayloadSchema = z.object({
  notice: noticeSummarySchema,
  incident: incidentSummarySchema,
  message: noticeMessageSchema,
});
export type NoticePayload = z.infer<typeof noticePayloadSchema>;

export interface NoticeMessageInput {
  notice: Omit<NoticeSummary, 'percent' | 'dueAt'> & { percent?: number | null; dueAt: Date };
  incident: IncidentSummary;
  /** Where the SPA is served (config PUBLIC_URL); a trailing slash is ignored. */
  publicUrl: string;
}

interface Row {
  zh: string;
  en: string;
  valueZh: string;
  valueEn: string;
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-26 17:30` on the wall clocks of the plan (Asia/Shanghai, UTC+8 all year). */
function shanghaiTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    SHANGHAI.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

function minutesZh(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (hours === 0) return `${rest} 分钟`;
  return rest === 0 ? `${hours} 小时` : `${hours} 小时 ${rest} 分钟`;
}

function minutesEn(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function kindLabel(kind: NoticeKind, percent: number | null): Bilingual {
  switch (kind) {
    case 'warning':
      return percent === null
        ? { zh: '预警', en: 'warning' }
        : { zh: `预警 ${percent}%`, en: `warning ${percent}%` };
    case 'breach':
      return { zh: '超时', en: 'SLA breached' };
    case 'priority_alert':
      return { zh: '告警', en: 'alert' };
  }
}

function lead(kind: NoticeKind, percent: number | null, id: number, priority: string): Bilingual {
  switch (kind) {
    case 'warning':
      return percent === null
        ? { zh: `事件 #${id} 临近处理时限。`, en: `Incident #${id} nears its resolution target.` }
        : {
            zh: `事件 #${id} 已用去处理时限的 ${percent}%。`,
            en: `Incident #${id} has used ${percent}% of its resolution time.`,
          };
    case 'breach':
      return {
        zh: `事件 #${id} 已超出处理时限。`,
        en: `Incident #${id} has breached its resolution target.`,
      };
    case 'priority_alert':
      return {
        zh: `事件 #${id} 为 ${priority} 级，立即通知。`,
        en: `Incident #${id} is ${priority}: everyone concerned is alerted at once.`,
      };
  }
}

/** Text from people (titles, organisations) on one line: subjects and table cells have one. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The robots' Markdown subsets have no escape they all honour, and WeCom reads `<@userid>` as a
 * mention and `<font>` as markup: people's text loses its Markdown-active characters to their
 * full-width forms, which read the same.
 */
function markdownSafe(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>#|~]/g, (c) =>
    c === '\\' ? '＼' : String.fromCharCode(c.charCodeAt(0) + 0xfee0),
  );
}

/**
 * Renders a notice's message: subject, plain text, HTML (mail) and Markdown (group robots).
 *
 * @example
 * renderNoticeMessage({
 *   notice: { id: 7, key: 'threshold:75', kind: 'warning', percent: 75, dueAt },
 *   incident: { id: 12, title: '竞价页面无法打开', priority: 'P1', ... },
 *   publicUrl: 'https://ovms.example.com',
 * }).subject; // '【P1 预警 75%】#12 竞价页面无法打开 — P1 warning 75%'
 */
export function renderNoticeMessage(input: NoticeMessageInput): NoticeMessage {
  const { notice, incident } = input;
  const percent = notice.percent ?? null;
  const kind = kindLabel(notice.kind, percent);
  const opening = lead(notice.kind, percent, incident.id, incident.priority);
  const title = oneLine(incident.title);
  const link = `${input.publicUrl.replace(/\/+$/, '')}/incidents/${incident.id}`;
  const group = groupName(incident.holderGroup);
  const status = statusName(incident.status);
  const { sla } = incident;
  const due = shanghaiTime(sla.dueAt);
  const overdue = sla.leftMinutes < 0;

  const headZh = `【${incident.priority} ${kind.zh}】#${incident.id} ${title}`;
  const headEn = `${incident.priority} ${kind.en}: #${incident.id} ${title}`;
  const subject = `${headZh} — ${incident.priority} ${kind.en}`;

  const rows: Row[] = [
    { zh: '优先级', en: 'Priority', valueZh: incident.priority, valueEn: incident.priority },
    { zh: '处理组', en: 'Holding group', valueZh: group.zh, valueEn: group.en },
    { zh: '状态', en: 'Status', valueZh: status.zh, valueEn: status.en },
    {
      zh: '报障单位',
      en: 'Reported by',
      valueZh: oneLine(incident.reporterOrganisation),
      valueEn: oneLine(incident.reporterOrganisation),
    },
    {
      zh: '已用工作时间',
      en: 'Working time spent',
      valueZh: `${minutesZh(sla.spentMinutes)}（时限 ${minutesZh(sla.targetMinutes)}）`,
      valueEn: `${minutesEn(sla.spentMinutes)} of ${minutesEn(sla.targetMinutes)}`,
    },
    overdue
      ? {
          zh: '已超时',
          en: 'Overdue by',
          valueZh: minutesZh(sla.leftMinutes),
          valueEn: minutesEn(sla.leftMinutes),
        }
      : {
          zh: '剩余工作时间',
          en: 'Working time left',
          valueZh: minutesZh(sla.leftMinutes),
          valueEn: minutesEn(sla.leftMinutes),
        },
    {
      zh: '到期时间',
      en: 'Due',
      valueZh: `${due}（北京时间）`,
      valueEn: `${due} (Asia/Shanghai, UTC+8)`,
    },
  ];

  const text = [
    headZh,
    opening.zh,
    ...rows.map((r) => `${r.zh}：${r.valueZh}`),
    `查看详情：${link}`,
    '',
    '——',
    headEn,
    opening.en,
    ...rows.map((r) => `${r.en}: ${r.valueEn}`),
    `Open: ${link}`,
    '',
  ].join('\n');

  const cellStyle = 'padding:2px 12px 2px 0;vertical-align:top';
  const table = (label: (r: Row) => string, value: (r: Row) => string) =>
    `<table style="border-collapse:collapse">${rows
      .map(
        (r) =>
          `<tr><th align="left" style="${cellStyle};color:#666;font-weight:normal">${escapeHtml(label(r))}</th>` +
          `<td style="${cellStyle}">${escapeHtml(value(r))}</td></tr>`,
      )
      .join('')}</table>`;
  const html = [
    '<!doctype html>',
    `<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px\">",
    `<h2 style="color:${notice.kind === 'warning' ? '#d46b08' : '#cf1322'}">${escapeHtml(headZh)}</h2>`,
    `<p>${escapeHtml(opening.zh)}</p>`,
    table(
      (r) => r.zh,
      (r) => r.valueZh,
    ),
    `<p><a href="${escapeHtml(link)}">查看事件 #${incident.id}</a></p>`,
    '<hr>',
    `<div lang="en"><h3>${escapeHtml(headEn)}</h3>`,
    `<p>${escapeHtml(opening.en)}</p>`,
    table(
      (r) => r.en,
      (r) => r.valueEn,
    ),
    `<p><a href="${escapeHtml(link)}">Open incident #${incident.id}</a></p></div>`,
    '</body></html>',
  ].join('\n');

  const markdown = [
    `**【${incident.priority} ${kind.zh}】#${incident.id} ${markdownSafe(incident.title)}**`,
    opening.zh,
    ...rows.map((r) => `${r.zh}：${markdownSafe(r.valueZh)}`),
    `[查看事件 #${incident.id}](${link})`,
    '',
    `${incident.priority} ${kind.en} · ${group.en} · ${overdue ? `overdue by ${minutesEn(sla.leftMinutes)}` : `${minutesEn(sla.leftMinutes)} left`} · due ${due} (Asia/Shanghai) · [open #${incident.id}](${link})`,
  ].join('\n');

  return { subject, text, html, markdown, link };
}

/**
 * The payload the outbox stores for a notice: the notice and incident as JSON and the rendered
 * message. Generic webhooks send it as it is; mail and robots send its message.
 */
export function buildNoticePayload(input: NoticeMessageInput): NoticePayload {
  return {
    notice: {
      id: input.notice.id,
      key: input.notice.key,
      kind: input.notice.kind,
      percent: input.notice.percent ?? null,
      dueAt: input.notice.dueAt.toISOString(),
    },
    incident: structuredClone(input.incident),
    message: renderNoticeMessage(input),
  };
}
