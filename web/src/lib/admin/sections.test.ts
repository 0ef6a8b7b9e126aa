import { describe, expect, it } from 'vitest';
import { ADMIN_SECTIONS, sectionOf } from './sections';

describe('admin sections', () => {
  it('opens the named section, the calendars for none or an unknown one', () => {
    for (const section of ADMIN_SECTIONS) expect(sectionOf(section)).toBe(section);
    expect(sectionOf(undefined)).toBe('calendars');
    expect(sectionOf('')).toBe('calendars');
    expect(sectionOf('passwords')).toBe('calendars');
  });
});
