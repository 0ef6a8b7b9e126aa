/**
 * What a date of the year view is, in words: the tooltip of a day cell and its accessible name.
 * Pure but for the translator, so each kind of day's text is testable in both languages.
 */
import { formatIntervals } from './intervals';
import type { GridDay } from './year-grid';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

export interface DayText {
  /** `2026-10-01 星期四` */
  title: string;
  /** `法定节假日：国庆节`, `调休上班日：国庆节 · 手工设置`, `工作日` … */
  kind: string;
  /** `工作时段 09:00-12:00, 13:00-18:00（共 8 小时）`, or that nobody works that day. */
  hours: string;
}

function kindKey(day: GridDay): string {
  if (day.kind === 'holiday' && day.source === 'official') return 'officialHoliday';
  return day.kind;
}

/**
 * @example dayText(october1st, t) // → { title: '2026-10-01 星期四', kind: '法定节假日：国庆节', hours: '不上班' }
 */
export function dayText(day: GridDay, t: Translate): DayText {
  const kindName = t(`admin.calendars.tip.kind.${kindKey(day)}`);
  let kind = day.name
    ? t('admin.calendars.tip.named', { kind: kindName, name: day.name })
    : kindName;
  if (day.source === 'manual') kind += ` · ${t('admin.calendars.source.manual')}`;
  const hours =
    day.minutes > 0
      ? t('admin.calendars.tip.hours', {
          hours: formatIntervals(day.hours),
          total: Number((day.minutes / 60).toFixed(2)),
        })
      : t('admin.calendars.tip.noWork');
  return { title: `${day.date} ${t(`admin.calendars.weekday.${day.weekday}`)}`, kind, hours };
}
