/** Every message key the admin views use exists (zh-CN; the type keeps English in step). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zhCN from '../../i18n/zh-CN';
import { ADMIN_SECTIONS } from './sections';
import { DAY_KINDS, WEEKDAYS } from './year-grid';
import { AUDIENCES } from './policy-tables';
import { SCOPES } from '../../stores/admin/tokens';
import { CHANNELS, NOTICE_KINDS, WEBHOOK_KINDS } from '../../stores/admin/notify';
import { GROUP_IDS } from '../../stores/admin/people';

function has(key: string): boolean {
  let node: unknown = zhCN;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' && node.length > 0;
}

const viewsDir = path.resolve(import.meta.dirname, '../../views/admin');

describe('admin messages', () => {
  it('has every literal key the admin views use', () => {
    const keys = new Set<string>();
    for (const file of readdirSync(viewsDir).filter((name) => name.endsWith('.vue'))) {
      const text = readFileSync(path.join(viewsDir, file), 'utf8');
      for (const match of text.matchAll(/t\(\s*'((?:admin|group|symptom|impact|scope)\.[\w.]+)'/g))
        keys.add(match[1] ?? '');
    }
    expect(keys.size).toBeGreaterThan(100);
    expect([...keys].filter((key) => !has(key))).toEqual([]);
  });

  it('names every value the admin views show', () => {
    const needed = [
      ...ADMIN_SECTIONS.map((section) => `admin.sections.${section}`),
      ...DAY_KINDS.map((kind) => `admin.calendars.kind.${kind}`),
      ...WEEKDAYS.flatMap((day) => [
        `admin.calendars.weekday.${day}`,
        `admin.calendars.weekdayShort.${day}`,
      ]),
      ...['official', 'manual'].map((source) => `admin.calendars.source.${source}`),
      ...AUDIENCES.map((audience) => `admin.tables.audienceOf.${audience}`),
      ...['minutes', 'hours', 'workingDays'].map((unit) => `admin.tables.unit.${unit}`),
      ...SCOPES.map((scope) => `admin.tokens.scope.${scope.replace(':', '_')}`),
      ...['active', 'expired', 'revoked'].map((state) => `admin.tokens.state.${state}`),
      ...WEBHOOK_KINDS.flatMap((kind) => [
        `admin.webhooks.kindOf.${kind}`,
        `admin.webhooks.urlHint.${kind}`,
      ]),
      ...NOTICE_KINDS.map((kind) => `admin.webhooks.noticeKind.${kind}`),
      ...CHANNELS.map((channel) => `admin.webhooks.channel.${channel}`),
      ...['dead', 'pending', 'delivered'].map((status) => `admin.webhooks.status.${status}`),
      ...GROUP_IDS.map((group) => `group.${group}`),
    ];
    expect(needed.filter((key) => !has(key))).toEqual([]);
  });
});
