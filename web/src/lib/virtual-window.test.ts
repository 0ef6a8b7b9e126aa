import { describe, expect, it } from 'vitest';
import { virtualWindow } from './virtual-window';

describe('virtualWindow', () => {
  it('renders the rows in view plus the overscan, and pads for the rest', () => {
    // 500 rows of 126 px, a 900 px column at the top: 8 rows fit, one more for a partial
    // scroll, 4 below.
    const w = virtualWindow(0, 900, 126, 500, 4);
    expect(w).toEqual({ start: 0, end: 13, padTop: 0, padBottom: (500 - 13) * 126 });
    // Rendered height plus padding is always the whole list: the scrollbar stays honest.
    expect(w.padTop + (w.end - w.start) * 126 + w.padBottom).toBe(500 * 126);
  });

  it('follows the scroll position', () => {
    const w = virtualWindow(126 * 100 + 60, 900, 126, 500, 4);
    expect(w.start).toBe(96);
    expect(w.end).toBe(100 + 9 + 4);
    expect(w.padTop).toBe(96 * 126);
    expect(w.padTop + (w.end - w.start) * 126 + w.padBottom).toBe(500 * 126);
  });

  it('stops at the end of the list, even scrolled past it', () => {
    const w = virtualWindow(126 * 1000, 900, 126, 500, 4);
    expect(w.end).toBe(500);
    expect(w.padBottom).toBe(0);
    expect(w.start).toBeLessThanOrEqual(w.end);
  });

  it('shows a short list whole', () => {
    expect(virtualWindow(0, 900, 126, 3)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(virtualWindow(0, 900, 126, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('renders a first screenful before the column has been measured', () => {
    // Height 0 (not laid out yet): still the first rows, so nothing flashes empty.
    const w = virtualWindow(0, 0, 126, 500, 4);
    expect(w.start).toBe(0);
    expect(w.end).toBeGreaterThan(0);
  });
});
