/** What a timeline entry says, in message keys, so the view stays thin and the language switches. */
import type { TimelineEntry } from '../api/client';

export interface TimelineLine {
  /** A message key and its parameters, or plain text from a person (notes are not translated). */
  key?: string;
  text?: string;
}

const ACTION_TITLE_PREFIX = 'action.';
const OWN_TITLES = new Set([
  'priority_set',
  'handed_off',
  'clock_started',
  'clock_paused',
  'clock_resumed',
  'clock_stopped',
  'comment',
]);

/** The message key of the entry's title. */
export function timelineTitleKey(type: string, actionTypes: ReadonlySet<string>): string | null {
  if (OWN_TITLES.has(type)) return `timeline.${type}`;
  if (actionTypes.has(type)) return `${ACTION_TITLE_PREFIX}${type}`;
  return null;
}

const FREE_TEXT = [
  'note',
  'guidance',
  'impactStatement',
  'reason',
  'rootCause',
  'body',
  'text',
  'vendorReference',
] as const;

/**
 * The facts worth a line: the new status, priority or holder, and what people wrote.
 * @example timelineFacts({ type: 'handed_off', data: { to: 'vendor' } }) // → [{ key: 'group.vendor' }]
 */
export function timelineFacts(entry: Pick<TimelineEntry, 'type' | 'data'>): TimelineLine[] {
  const lines: TimelineLine[] = [];
  const data = entry.data;
  const to = typeof data.to === 'string' ? data.to : null;
  if (entry.type === 'handed_off') {
    if (to) lines.push({ key: `group.${to}` });
  } else if (entry.type === 'priority_set') {
    if (typeof data.priority === 'string') lines.push({ text: data.priority });
  } else if (to && to !== data.from) {
    lines.push({ key: `status.${to}` });
  }
  if (typeof data.resolution === 'string') lines.push({ key: `resolution.${data.resolution}` });
  if (typeof data.decision === 'string') lines.push({ key: `decision.${data.decision}` });
  for (const field of FREE_TEXT) {
    const value = data[field];
    if (
      typeof value === 'string' &&
      value.trim() !== '' &&
      !(entry.type === 'priority_set' && field === 'reason')
    ) {
      lines.push({ text: value });
    }
  }
  return lines;
}
