import { describe, expect, it } from 'vitest';
import { formatIntervals, parseIntervals, weeklyFromText, weeklyToText } from './intervals';

describe('working intervals as text', () => {
  it('parses what an admin types', () => {
    expect(parseIntervals('09:00-12:00, 13:00-18:00')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    expect(parseIntervals('9:00–12:00；13:00~18:00')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    expect(parseIntervals('  ')).toEqual([]);
    expect(parseIntervals('00:00-24:00')).toEqual([{ start: '00:00', end: '24:00' }]);
  });

  it('refuses malformed, reversed, unordered or overlapping intervals', () => {
    expect(parseIntervals('9-12')).toBeNull();
    expect(parseIntervals('25:00-26:00')).toBeNull();
    expect(parseIntervals('12:00-09:00')).toBeNull();
    expect(parseIntervals('09:00-09:00')).toBeNull();
    expect(parseIntervals('13:00-18:00, 09:00-12:00')).toBeNull();
    expect(parseIntervals('09:00-13:00, 12:00-18:00')).toBeNull();
  });

  it('round-trips the weekly hours, naming the weekdays that do not parse', () => {
    const weekly = {
      mon: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      sat: [],
    };
    const text = weeklyToText(weekly);
    expect(text.mon).toBe('09:00-12:00, 13:00-18:00');
    expect(text.sun).toBe('');
    expect(weeklyFromText(text).weekly).toEqual({
      mon: weekly.mon,
      tue: [],
      wed: [],
      thu: [],
      fri: [],
      sat: [],
      sun: [],
    });
    expect(weeklyFromText({ ...text, tue: 'noon', fri: '18:00-09:00' }).errors).toEqual([
      'tue',
      'fri',
    ]);
    expect(formatIntervals(null)).toBe('');
  });
});
