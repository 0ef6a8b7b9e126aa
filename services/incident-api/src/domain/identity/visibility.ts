/**
 * Object rules for incidents: desk, system, leaders and admin see everything; the vendor sees
 * what was handed to it; devops what involves it (change tasks, on-site handling, its own
 * monitoring reports); a reporter only their own organisation's incidents.
 */
import { arrayOverlaps, eq, or, sql, type SQL } from 'drizzle-orm';
import type { GroupId } from '@ovms/policy';
import { incidents } from '../../db/schema.js';
import { SEE_ALL_GROUPS } from './access.js';

export interface Viewer {
  groups: readonly GroupId[];
  organisation: string;
}

/** The SQL condition limiting incidents to what the viewer may see; undefined: everything. */
export function visibleTo(viewer: Viewer): SQL | undefined {
  if (viewer.groups.some((g) => SEE_ALL_GROUPS.includes(g))) return undefined;
  const conditions: SQL[] = [];
  const involved = viewer.groups.filter((g) => g === 'vendor' || g === 'devops');
  if (involved.length > 0) conditions.push(arrayOverlaps(incidents.visibleTo, involved));
  if (viewer.groups.includes('reporters')) {
    conditions.push(eq(incidents.reporterOrganisation, viewer.organisation));
  }
  return conditions.length > 0 ? or(...conditions) : sql`false`;
}

/** The same rule for one loaded incident. */
export function canSee(
  viewer: Viewer,
  incident: { visibleTo: readonly string[]; reporterOrganisation: string },
): boolean {
  if (viewer.groups.some((g) => SEE_ALL_GROUPS.includes(g))) return true;
  if (
    viewer.groups.some((g) => (g === 'vendor' || g === 'devops') && incident.visibleTo.includes(g))
  ) {
    return true;
  }
  return (
    viewer.groups.includes('reporters') && incident.reporterOrganisation === viewer.organisation
  );
}
