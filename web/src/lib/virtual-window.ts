/**
 * Which rows of a fixed-row-height list a scrolled viewport shows. The war room renders only
 * these (plus a few either side), so a wall with 500 open incidents patches some forty
 * countdowns a second instead of five hundred, and a poll re-renders only what is in view.
 */
export interface VirtualWindow {
  /** First row rendered (inclusive). */
  start: number;
  /** Row after the last one rendered (exclusive). */
  end: number;
  /** Space standing in for the rows above and below the rendered ones, in px. */
  padTop: number;
  padBottom: number;
}

export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 4,
): VirtualWindow {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const firstVisible = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, firstVisible - overscan));
  const end = Math.min(count, firstVisible + visible + overscan);
  return {
    start,
    end: Math.max(start, end),
    padTop: start * rowHeight,
    padBottom: Math.max(0, count - Math.max(start, end)) * rowHeight,
  };
}
