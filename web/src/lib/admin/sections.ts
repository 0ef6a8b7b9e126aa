/** The admin workspace's sections, in menu order; `/admin/:section?` opens one. */
export const ADMIN_SECTIONS = [
  'calendars',
  'campaigns',
  'systems',
  'hotlines',
  'people',
  'tables',
  'tokens',
  'webhooks',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * The section a route names, the first for none or an unknown name.
 * @example sectionOf('tokens') // → 'tokens'; sectionOf(undefined) // → 'calendars'
 */
export function sectionOf(name: string | undefined): AdminSection {
  return (ADMIN_SECTIONS as readonly string[]).includes(name ?? '')
    ? (name as AdminSection)
    : 'calendars';
}
