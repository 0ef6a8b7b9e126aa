import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import { dayText, type Translate } from './day-text';
import { yearGrid, type CalendarException, type GridDay, type WeeklyHours } from './year-grid';

const workday = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const weekly: WeeklyHours = {
  mon: workday,
  tue: workday,
  wed: workday,
  thu: workday,
  fri: workday,
};
const exceptions: CalendarException[] = [
  { date: '2026-10-01', kind: 'holiday', hours: null, name: '国庆节', source: 'official' },
  { date: '2026-10-10', kind: 'workday', hours: null, name: '国庆节', source: 'official' },
  { date: '2026-11-20', kind: 'holiday', hours: null, name: '公司年会', source: 'manual' },
  {
    date: '2026-12-31',
    kind: 'hours',
    hours: [{ start: '09:00', end: '12:30' }],
    name: null,
    source: 'manual',
  },
];
const grid = yearGrid(2026, weekly, exceptions);
function day(date: string): GridDay {
  const found = grid.flatMap((month) => month.weeks.flat()).find((cell) => cell?.date === date);
  if (!found) throw new Error(date);
  return found;
}
const zh = createAppI18n('zh-CN').global.t as Translate;
const en = createAppI18n('en').global.t as Translate;

describe('the text of a day in the year view', () => {
  it.each([
    ['2026-09-30', '2026-09-30 星期三', '工作日', '工作时段 09:00-12:00, 13:00-18:00（共 8 小时）'],
    ['2026-10-17', '2026-10-17 星期六', '休息日（周末）', '全天不上班'],
    ['2026-10-01', '2026-10-01 星期四', '法定节假日：国庆节', '全天不上班'],
    ['2026-11-20', '2026-11-20 星期五', '节假日：公司年会 · 手工设置', '全天不上班'],
    [
      '2026-10-10',
      '2026-10-10 星期六',
      '调休上班日：国庆节',
      '工作时段 09:00-12:00, 13:00-18:00（共 8 小时）',
    ],
    [
      '2026-12-31',
      '2026-12-31 星期四',
      '自定义工作时段 · 手工设置',
      '工作时段 09:00-12:30（共 3.5 小时）',
    ],
  ])('%s in Chinese', (date, title, kind, hours) => {
    expect(dayText(day(date), zh)).toEqual({ title, kind, hours });
  });

  it('says the same in English', () => {
    expect(dayText(day('2026-10-01'), en)).toEqual({
      title: '2026-10-01 Thursday',
      kind: 'Official holiday: 国庆节',
      hours: 'No working hours',
    });
    expect(dayText(day('2026-10-10'), en).kind).toBe(
      '调休 working day (a weekend date that works): 国庆节',
    );
    expect(dayText(day('2026-12-31'), en)).toEqual({
      title: '2026-12-31 Thursday',
      kind: 'Own working hours · set by hand',
      hours: 'Working 09:00-12:30 (3.5 h in all)',
    });
    expect(dayText(day('2026-10-17'), en).kind).toBe('Weekend');
  });
});
