import { afterEach, describe, expect, it } from 'vitest';
import {
  buildNoticePayload,
  noticePayloadSchema,
  renderNoticeMessage,
  type NoticeMessageInput,
} from '../src/delivery/index.js';

function input(overrides: {
  notice?: Partial<NoticeMessageInput['notice']>;
  incident?: Partial<NoticeMessageInput['incident']>;
  sla?: Partial<NoticeMessageInput['incident']['sla']>;
  publicUrl?: string;
}): NoticeMessageInput {
  return {
    notice: {
      id: 7,
      key: 'threshold:75',
      kind: 'warning',
      percent: 75,
      dueAt: new Date('2026-11-26T09:00:00Z'),
      ...overrides.notice,
    },
    incident: {
      id: 12,
      title: '竞价页面无法打开',
      priority: 'P1',
      status: 'with_system',
      holderGroup: 'system',
      reporterOrganisation: '华南大区',
      sla: {
        spentMinutes: 90,
        leftMinutes: 30,
        targetMinutes: 120,
        dueAt: '2026-11-26T09:30:00.000Z',
        ...overrides.sla,
      },
      ...overrides.incident,
    },
    publicUrl: overrides.publicUrl ?? 'https://ovms.example.com',
  };
}

describe('notice messages', () => {
  it('puts Chinese first and English after it in the subject', () => {
    expect(renderNoticeMessage(input({})).subject).toBe(
      '【P1 预警 75%】#12 竞价页面无法打开 — P1 warning 75%',
    );
    expect(
      renderNoticeMessage(input({ notice: { kind: 'breach', key: 'breach', percent: null } }))
        .subject,
    ).toBe('【P1 超时】#12 竞价页面无法打开 — P1 SLA breached');
    expect(
      renderNoticeMessage(
        input({ notice: { kind: 'priority_alert', key: 'p1:leaders', percent: undefined } }),
      ).subject,
    ).toBe('【P1 告警】#12 竞价页面无法打开 — P1 alert');
  });

  it('says priority, holding group, working time spent and left, due time in Shanghai, link', () => {
    const { text, markdown, html, link } = renderNoticeMessage(
      input({ publicUrl: 'https://ovms.example.com/' }),
    );
    expect(link).toBe('https://ovms.example.com/incidents/12');
    expect(text).toContain('事件 #12 已用去处理时限的 75%。');
    expect(text).toContain('优先级：P1');
    expect(text).toContain('处理组：系统组');
    expect(text).toContain('状态：系统组处理');
    expect(text).toContain('报障单位：华南大区');
    expect(text).toContain('已用工作时间：1 小时 30 分钟（时限 2 小时）');
    expect(text).toContain('剩余工作时间：30 分钟');
    expect(text).toContain('到期时间：2026-11-26 17:30（北京时间）');
    expect(text).toContain('查看详情：https://ovms.example.com/incidents/12');
    expect(text).toContain('Incident #12 has used 75% of its resolution time.');
    expect(text).toContain('Holding group: System group');
    expect(text).toContain('Working time spent: 1 h 30 min of 2 h');
    expect(text).toContain('Working time left: 30 min');
    expect(text).toContain('Due: 2026-11-26 17:30 (Asia/Shanghai, UTC+8)');
    expect(text.indexOf('优先级')).toBeLessThan(text.indexOf('Priority'));
    expect(markdown).toContain('[查看事件 #12](https://ovms.example.com/incidents/12)');
    expect(markdown).toContain('到期时间：2026-11-26 17:30（北京时间）');
    expect(html).toContain('<a href="https://ovms.example.com/incidents/12">查看事件 #12</a>');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('says by how much a breached incident is overdue', () => {
    const { text } = renderNoticeMessage(
      input({
        notice: { kind: 'breach', key: 'breach', percent: null },
        sla: { spentMinutes: 135, leftMinutes: -15 },
      }),
    );
    expect(text).toContain('事件 #12 已超出处理时限。');
    expect(text).toContain('已超时：15 分钟');
    expect(text).toContain('Overdue by: 15 min');
    expect(text).not.toContain('剩余工作时间');
  });

  it('keeps people’s text from turning into markup or mentions', () => {
    const hostile = input({
      incident: {
        title: '<script>alert(1)</script> **全部** <@all>\n第二行',
        reporterOrganisation: 'A&B',
      },
    });
    const { subject, markdown, html } = renderNoticeMessage(hostile);
    expect(subject).toBe(
      '【P1 预警 75%】#12 <script>alert(1)</script> **全部** <@all> 第二行 — P1 warning 75%',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('A&#38;B');
    expect(markdown).not.toMatch(/<@all>|\*\*全部\*\*|<script>/);
    expect(markdown).toContain('＜@all＞');
    expect(markdown.split('\n')[0]).toBe(
      '**【P1 预警 75%】#12 ＜script＞alert(1)＜/script＞ ＊＊全部＊＊ ＜@all＞ 第二行**',
    );
  });

  it('names groups and statuses it does not know by their ids', () => {
    const { text } = renderNoticeMessage(
      input({ incident: { holderGroup: 'night-shift', status: 'on_hold' } }),
    );
    expect(text).toContain('处理组：night-shift');
    expect(text).toContain('Status: on_hold');
  });

  describe('whatever the process time zone', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('renders the same message', () => {
      const renders = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata'].map((tz) => {
        process.env.TZ = tz;
        return renderNoticeMessage(input({ sla: { dueAt: '2026-03-29T00:45:00Z' } }));
      });
      for (const r of renders) expect(r).toEqual(renders[0]);
      expect(renders[0]?.text).toContain('到期时间：2026-03-29 08:45（北京时间）');
    });
  });

  it('builds a JSON payload the outbox can store and read back', () => {
    const payload = buildNoticePayload(input({}));
    expect(payload.notice).toEqual({
      id: 7,
      key: 'threshold:75',
      kind: 'warning',
      percent: 75,
      dueAt: '2026-11-26T09:00:00.000Z',
    });
    const stored: unknown = JSON.parse(JSON.stringify(payload));
    expect(noticePayloadSchema.parse(stored)).toEqual(payload);
    expect(payload.message).toEqual(renderNoticeMessage(input({})));
  });

  it('does not change its input', () => {
    const given = input({});
    const copy = structuredClone(given);
    buildNoticePayload(given);
    expect(given).toEqual(copy);
  });
});
