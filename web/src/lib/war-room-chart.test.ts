import { describe, expect, it } from 'vitest';
import { countByGroup } from './war-room-chart';

describe('countByGroup', () => {
  it('counts open incidents per holder and priority, in the plan’s order, empty groups dropped', () => {
    const result = countByGroup(
      [
        { holderGroup: 'vendor', priority: 'P3' },
        { holderGroup: 'desk', priority: 'P1' },
        { holderGroup: 'vendor', priority: 'P3' },
        { holderGroup: 'vendor', priority: 'P1' },
        { holderGroup: 'reporters', priority: 'P2' },
      ],
      ['desk', 'system', 'vendor'],
    );
    expect(result.groups).toEqual(['desk', 'vendor', 'reporters']);
    expect(result.series).toEqual([
      { priority: 'P1', counts: [1, 1, 0] },
      { priority: 'P2', counts: [0, 0, 1] },
      { priority: 'P3', counts: [0, 2, 0] },
      { priority: 'P4', counts: [0, 0, 0] },
    ]);
  });

  it('gives nothing for an empty wall', () => {
    expect(countByGroup([], ['desk']).groups).toEqual([]);
  });
});
