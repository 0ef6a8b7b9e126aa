/** The API's English problems, as a Chinese-reading operator and an English-reading one see them. */
import { afterEach, describe, expect, it } from 'vitest';
import { createAppI18n } from '../i18n';
import { fieldError, toShownProblem, useProblemWording } from './problem';
import { problemWording } from './problem-wording';

const refused = {
  type: '/problems/action-refused',
  title: 'Action refused',
  status: 409,
  code: 'not_allowed_for_group',
  detail: '"verify_and_close" may be taken by desk, not by vendor.',
};
const stale = {
  type: '/problems/stale',
  title: 'Precondition failed',
  status: 412,
  detail: 'The incident is at version 5, not 4.',
};
const invalid = {
  type: '/problems/validation',
  title: 'Invalid request',
  status: 400,
  detail: 'The request is not valid.',
  errors: [
    {
      pointer: '/body/reason',
      detail: 'Too small: expected string to have >=1 characters',
      code: 'too_small',
      limit: 1,
    },
    {
      pointer: '/body/reporter/phone',
      detail: 'a phone number: digits, spaces, + - ( )',
      code: 'invalid_format',
    },
    {
      pointer: '/body/title',
      detail: 'Too big: expected string to have <=200 characters',
      code: 'too_big',
      limit: 200,
    },
    { pointer: '/body/note', detail: 'Something only the API knows' },
  ],
};

function wordIn(locale: 'zh-CN' | 'en') {
  useProblemWording(problemWording(createAppI18n(locale).global));
}
afterEach(() => useProblemWording(null));

describe('problem wording', () => {
  it('says in Chinese what was refused, with the API’s sentence after it', () => {
    wordIn('zh-CN');
    expect(toShownProblem(refused, 'x').message).toBe(
      '您所在的小组不能执行此操作（"verify_and_close" may be taken by desk, not by vendor.）',
    );
    expect(toShownProblem(stale, 'x').message).toBe(
      '该事件刚被他人更新，请核对最新内容后重试（The incident is at version 5, not 4.）',
    );
    const shown = toShownProblem(invalid, 'x');
    expect(shown.message).toBe('请检查标出的字段（The request is not valid.）');
    // Under each field, short; a format's own hint kept; no code, the API's words.
    expect(fieldError(shown, 'reason')).toBe('必填');
    expect(fieldError(shown, 'reporter/phone')).toBe(
      '格式不正确（a phone number: digits, spaces, + - ( )）',
    );
    expect(fieldError(shown, 'title')).toBe('不能超过 200');
    expect(fieldError(shown, 'note')).toBe('Something only the API knows');
  });

  it('falls back to the HTTP status for a type it does not know, and words network failures', () => {
    wordIn('zh-CN');
    expect(
      toShownProblem({ type: 'about:blank', title: 'Bad Gateway', status: 503 }, 'x').message,
    ).toBe('服务暂不可用，请稍后再试');
    expect(toShownProblem(new TypeError('Failed to fetch'), 'x').message).toBe(
      '无法连接服务器，请检查网络（Failed to fetch）',
    );
    // Neither code, type nor status known: the API's own words.
    expect(
      toShownProblem(
        { type: '/problems/teapot', title: 'Teapot', status: 418, detail: 'Short and stout.' },
        'x',
      ).message,
    ).toBe('Short and stout.');
  });

  it('keeps the API’s sentence alone in English, and a headline where it has none', () => {
    wordIn('en');
    expect(toShownProblem(refused, 'x').message).toBe(refused.detail);
    expect(fieldError(toShownProblem(invalid, 'x'), 'reason')).toBe(invalid.errors[0]!.detail);
    expect(
      toShownProblem({ type: '/problems/forbidden', title: 'Forbidden', status: 403 }, 'x').message,
    ).toBe('You may not do this');
  });

  it('is the API’s detail as it came when no wording is registered', () => {
    expect(toShownProblem(refused, 'x').message).toBe(refused.detail);
  });
});
