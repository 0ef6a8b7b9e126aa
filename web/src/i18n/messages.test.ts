import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, CATEGORIES, IMPACTS, OPEN_STATUSES, SCOPES, SYMPTOMS } from '../lib/model';
import { fieldsOf } from '../lib/actions';
import en from './en';
import zhCN from './zh-CN';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

function has(messages: object, key: string): boolean {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' && node.length > 0;
}

describe('messages', () => {
  it('has the same keys in zh-CN and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('names every enum value and every action form field the UI shows', () => {
    const needed = [
      ...ACTION_TYPES.map((type) => `action.${type}`),
      ...OPEN_STATUSES.map((status) => `status.${status}`),
      ...SYMPTOMS.map((symptom) => `symptom.${symptom}`),
      ...SCOPES.map((scope) => `scope.${scope}`),
      ...IMPACTS.map((impact) => `impact.${impact}`),
      ...CATEGORIES.map((category) => `category.${category}`),
      ...ACTION_TYPES.flatMap((type) =>
        fieldsOf(type).flatMap((field) => [
          field.name === 'cancelReason' ? 'form.reason' : `form.${field.name}`,
          ...(field.options ?? []).map((option) => `${field.optionsKey}.${option}`),
        ]),
      ),
    ];
    expect(needed.filter((key) => !has(zhCN, key))).toEqual([]);
  });
});
