import { describe, expect, it } from 'vitest';
import { compileCalendar, defaultCalendarDefinition } from '../src/calendar/index.js';
import { HOUR } from '../src/model.js';
import {
  DEFAULT_NOTICE_THRESHOLDS,
  P1_ALERTS_LEADERS,
  dueNotices,
  thresholdNoticeKey,
  validateNoticeThresholds,
} from '../src/notices.js';
import type { NoticeAudience, NoticeInput } from '../src/notices.js';
import { PolicyTableError } from '../src/priority.js';
import type { ClockEvent } from '../src/sla.js';

const calendar = compileCalendar(defaultCalendarDefinition());
const at = (time: string) => Date.parse(`${time}+08:00`);
// Monday 2 March 2026, Asia/Shanghai 09–12, 13–18.
const mon = (hhmm: string) => at(`2026-03-02T${hhmm}:00`);
const tue = (hhmm: string) => at(`2026-03-03T${hhmm}:00`);
const started: ClockEvent = { at: mon('09:00'), type: 'started' };

// A grade-B P3 (4 h) started at 09:00 reaches 50 % at 11:00, 75 % at 12:00 (3 h, before lunch),
// 90 % at 13:36 (3 h 36 min) and 100 % at 14:00.
const THRESHOLDS: [number, number, 'warning' | 'breach', NoticeAudience[]][] = [
  [50, mon('11:00'), 'warning', ['holding_group']],
  [75, mon('12:00'), 'warning', ['holding_group', 'holding_group_lead']],
  [90, mon('13:36'), 'warning', ['holding_group', 'holding_group_lead']],
  [100, mon('14:00'), 'breach', ['holding_group', 'holding_group_lead', 'leaders']],
];

const input = (overrides: Partial<NoticeInput> = {}): NoticeInput => ({
  calendar,
  initialTargetMs: 4 * HOUR,
  events: [started, { at: mon('09:00'), type: 'held_by', group: 'vendor' }],
  priority: 'P3',
  sent: [],
  ...overrides,
});

const keys = (notices: readonly { key: string }[]) => notices.map((notice) => notice.key);

function tableError(run: () => unknown): PolicyTableError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyTableError) return error;
    throw error;
  }
  throw new Error('expected a PolicyTableError');
}

describe('DEFAULT_NOTICE_THRESHOLDS', () => {
  it('holds the plan: warnings at 50, 75, 90 %, breach at 100 %', () => {
    expect(DEFAULT_NOTICE_THRESHOLDS.map((t) => [t.percent, t.audience])).toEqual(
      THRESHOLDS.map(([percent, , , audience]) => [percent, audience]),
    );
    expect(validateNoticeThresholds(DEFAULT_NOTICE_THRESHOLDS)).toEqual(DEFAULT_NOTICE_THRESHOLDS);
  });

  it('alerts the leaders at once on a P1', () => {
    expect(P1_ALERTS_LEADERS).toEqual({ key: 'p1:leaders', priority: 'P1', audience: ['leaders'] });
  });
});

describe('dueNotices', () => {
  it.each(THRESHOLDS)(
    'the %d %% notice falls due at its working-time instant',
    (percent, dueAt, kind, audience) => {
      const earlier = THRESHOLDS.filter(([p]) => p < percent).map(([p]) => thresholdNoticeKey(p));
      const before = dueNotices(input({ sent: earlier }), dueAt - 1);
      expect(before).toEqual({ due: [], nextAt: dueAt });
      const { due } = dueNotices(input({ sent: earlier }), dueAt);
      expect(due).toEqual([
        {
          key: `threshold:${percent}`,
          kind,
          percent,
          audience,
          dueAt,
          holdingGroup: 'vendor',
        },
      ]);
    },
  );

  it('returns every threshold passed at once, in order, and nothing after the last', () => {
    const result = dueNotices(input(), mon('15:00'));
    expect(keys(result.due)).toEqual(THRESHOLDS.map(([p]) => `threshold:${p}`));
    expect(result.due.map((notice) => notice.dueAt)).toEqual(THRESHOLDS.map(([, dueAt]) => dueAt));
    expect(result.nextAt).toBeNull();
  });

  it('alerts the leaders once on a P1 at the start', () => {
    const p1 = input({ priority: 'P1', initialTargetMs: 30 * 60_000 });
    const first = dueNotices(p1, mon('09:00'));
    expect(first.due).toEqual([
      {
        key: 'p1:leaders',
        kind: 'priority_alert',
        audience: ['leaders'],
        dueAt: mon('09:00'),
        holdingGroup: 'vendor',
      },
    ]);
    expect(first.nextAt).toBe(mon('09:15'));
    expect(dueNotices({ ...p1, sent: ['p1:leaders'] }, mon('09:05')).due).toEqual([]);
  });

  it('alerts the leaders when re-assessed to P1', () => {
    const events: ClockEvent[] = [
      started,
      { at: mon('10:00'), type: 'target_changed', targetMs: 2 * HOUR },
    ];
    const { due } = dueNotices(input({ priority: 'P1', events }), mon('10:01'));
    expect(due[0]).toMatchObject({ key: 'p1:leaders', dueAt: mon('10:00') });
  });

  it('sends no priority alert for other priorities or when turned off', () => {
    expect(dueNotices(input({ priority: 'P2' }), mon('09:30')).due).toEqual([]);
    expect(dueNotices(input({ priority: 'P1', priorityAlert: null }), mon('09:30')).due).toEqual(
      [],
    );
  });

  it('after a target cut, makes the thresholds passed under the new target due at once', () => {
    const events: ClockEvent[] = [
      started,
      { at: mon('11:30'), type: 'target_changed', targetMs: 3 * HOUR },
    ];
    const result = dueNotices(input({ events, sent: ['threshold:50'] }), mon('11:30'));
    // 2.5 h spent of 3 h: 75 % (2 h 15 min) was passed at 11:15, before the change.
    expect(keys(result.due)).toEqual(['threshold:75']);
    expect(result.due[0]!.dueAt).toBe(mon('11:15'));
    expect(result.nextAt).toBe(mon('11:42')); // 90 % = 2 h 42 min
  });

  it('after a longer target, never sends a key again', () => {
    const events: ClockEvent[] = [
      started,
      { at: mon('14:30'), type: 'target_changed', targetMs: 16 * HOUR },
    ];
    const sent = ['threshold:50', 'threshold:75', 'threshold:90', 'threshold:100'];
    expect(dueNotices(input({ events, sent }), tue('17:00'))).toEqual({ due: [], nextAt: null });
    const sentBefore = ['threshold:50', 'threshold:75'];
    // 90 % of 16 h is 14 h 24 min: Mon 8 h, Tue 09–12 and 13–16:24.
    expect(dueNotices(input({ events, sent: sentBefore }), mon('15:00'))).toEqual({
      due: [],
      nextAt: tue('16:24'),
    });
  });

  it('keeps thresholds reached before a pause due, with no next instant while paused', () => {
    const events: ClockEvent[] = [started, { at: mon('11:30'), type: 'paused' }];
    const result = dueNotices(input({ events }), mon('16:00'));
    expect(keys(result.due)).toEqual(['threshold:50']);
    expect(result.nextAt).toBeNull();
  });

  it('moves the next instant by the pause once resumed', () => {
    const events: ClockEvent[] = [
      started,
      { at: mon('10:00'), type: 'paused' },
      { at: mon('14:00'), type: 'resumed' },
    ];
    const result = dueNotices(input({ events }), mon('14:00'));
    expect(result).toEqual({ due: [], nextAt: mon('15:00') }); // 50 %: 1 h before, 1 h after
  });

  it('has nothing due once stopped', () => {
    const events: ClockEvent[] = [started, { at: mon('13:00'), type: 'stopped' }];
    expect(dueNotices(input({ events, priority: 'P1' }), mon('17:00'))).toEqual({
      due: [],
      nextAt: null,
    });
  });

  it('uses a custom table, kinds from the percentage', () => {
    const thresholds = validateNoticeThresholds([
      { percent: 80, audience: ['holding_group_lead'] },
      { percent: 150, audience: ['leaders'] },
    ]);
    const result = dueNotices(input({ thresholds }), tue('09:00'));
    // 8 h spent of 4 h: 80 % and 150 % are both passed.
    expect(result.due.map((n) => [n.key, n.kind])).toEqual([
      ['threshold:80', 'warning'],
      ['threshold:150', 'breach'],
    ]);
  });

  it('omits the holding group when nobody holds the incident', () => {
    const { due } = dueNotices(input({ events: [started] }), mon('11:00'));
    expect(due[0]).not.toHaveProperty('holdingGroup');
  });
});

describe('validateNoticeThresholds', () => {
  it('returns a frozen copy', () => {
    const raw = [{ percent: 100, audience: ['leaders'] }];
    const table = validateNoticeThresholds(raw);
    expect(table).toEqual(raw);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(raw[0])).toBe(false);
  });

  it.each([
    ['not a list', { percent: 50 }, 'thresholds'],
    ['an entry that is not an object', [50], 'thresholds[0]'],
    [
      'an unknown key',
      [{ percent: 50, audience: ['leaders'], channel: 'sms' }],
      'thresholds[0].channel',
    ],
    ['a zero percentage', [{ percent: 0, audience: ['leaders'] }], 'thresholds[0].percent'],
    ['a missing percentage', [{ audience: ['leaders'] }], 'thresholds[0].percent'],
    [
      'an infinite percentage',
      [{ percent: Infinity, audience: ['leaders'] }],
      'thresholds[0].percent',
    ],
    [
      'percentages out of order',
      [
        { percent: 90, audience: ['leaders'] },
        { percent: 50, audience: ['leaders'] },
      ],
      'thresholds[1].percent',
    ],
    [
      'a repeated percentage',
      [
        { percent: 50, audience: ['leaders'] },
        { percent: 50, audience: ['holding_group'] },
      ],
      'thresholds[1].percent',
    ],
    ['an empty audience', [{ percent: 50, audience: [] }], 'thresholds[0].audience'],
    ['a missing audience', [{ percent: 50 }], 'thresholds[0].audience'],
    [
      'an unknown role',
      [{ percent: 50, audience: ['leaders', 'ceo'] }],
      'thresholds[0].audience[1]',
    ],
    [
      'a repeated role',
      [{ percent: 50, audience: ['leaders', 'holding_group', 'leaders'] }],
      'thresholds[0].audience[2]',
    ],
  ])('refuses %s', (_case, table, path) => {
    const error = tableError(() => validateNoticeThresholds(table));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('explains an out-of-order percentage', () => {
    expect(() =>
      validateNoticeThresholds([
        { percent: 90, audience: ['leaders'] },
        { percent: 50, audience: ['leaders'] },
      ]),
    ).toThrowError('thresholds[1].percent: 50 is not above the previous threshold (90)');
  });
});
