/** The war room's chart data: open incidents per holding group, one series per priority. */
import type { Incident, Priority } from '../api/client';
import { PRIORITIES } from './model';

export interface GroupPriorityCounts {
  groups: string[];
  series: { priority: Priority; counts: number[] }[];
}

/**
 * Groups in the given order, then any other holder met, alphabetically; empty groups dropped.
 * @example countByGroup([{ holderGroup: 'vendor', priority: 'P1' }], ['desk', 'vendor'])
 * // → { groups: ['vendor'], series: [{ priority: 'P1', counts: [1] }, { priority: 'P2', counts: [0] }, …] }
 */
export function countByGroup(
  incidents: readonly Pick<Incident, 'holderGroup' | 'priority'>[],
  order: readonly string[],
): GroupPriorityCounts {
  const counts = new Map<string, Record<Priority, number>>();
  for (const incident of incidents) {
    let row = counts.get(incident.holderGroup);
    if (!row) {
      row = { P1: 0, P2: 0, P3: 0, P4: 0 };
      counts.set(incident.holderGroup, row);
    }
    row[incident.priority] += 1;
  }
  const known = order.filter((group) => counts.has(group));
  const others = [...counts.keys()].filter((group) => !order.includes(group)).sort();
  const groups = [...known, ...others];
  return {
    groups,
    series: PRIORITIES.map((priority) => ({
      priority,
      counts: groups.map((group) => counts.get(group)![priority]),
    })),
  };
}
