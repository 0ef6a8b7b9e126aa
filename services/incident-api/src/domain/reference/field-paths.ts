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
