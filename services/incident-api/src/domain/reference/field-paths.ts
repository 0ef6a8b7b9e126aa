/**
 * The policy package names a bad field with a dotted path (`weekly.mon[0].end`,
 * `thresholds[1].percent`); the API names it with a JSON pointer into the request
 * (`/body/weekly/mon/0/end`). These helpers translate one into the other.
 */

/** `weekly.mon[0].end` → `['weekly', 'mon', '0', 'end']`. */
export function pathSegments(path: string | undefined): string[] {
  if (!path) return [];
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
}

/** Escapes segments for a JSON pointer (RFC 6901) and joins them under `root`. */
export function pointerOf(root: string, segments: readonly string[]): string {
  return [root, ...segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
}

/**
 * The policy package's message without its leading `path: `, which the pointer replaces.
 *
 * @example
 * reasonOf(new CalendarError('empty-interval', 'end 09:00 must be after start 18:00', 'weekly.tue[0].end'));
 * // 'end 09:00 must be after start 18:00'
 */
export function reasonOf(error: { message: string; path?: string | undefined }): string {
  const prefix = error.path ? `${error.path}: ` : '';
  return prefix && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}
