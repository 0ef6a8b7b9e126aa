import { describe, expect, it } from 'vitest';
import { timelineFacts, timelineTitleKey } from './timeline';

describe('timeline', () => {
  it('titles entries with the action name or the clock/hand-off name', () => {
    const actions = new Set(['escalate_to_system']);
    expect(timelineTitleKey('escalate_to_system', actions)).toBe('action.escalate_to_system');
    expect(timelineTitleKey('clock_paused', actions)).toBe('timeline.clock_paused');
    expect(timelineTitleKey('something_new', actions)).toBeNull();
  });

  it('lists the new status, holder, priority and what people wrote', () => {
    expect(
      timelineFacts({
        type: 'escalate_to_system',
        data: { to: 'with_system', impactStatement: '全网报价失败' },
      }),
    ).toEqual([{ key: 'status.with_system' }, { text: '全网报价失败' }]);
    expect(timelineFacts({ type: 'handed_off', data: { to: 'vendor', from: 'system' } })).toEqual([
      { key: 'group.vendor' },
    ]);
    expect(
      timelineFacts({
        type: 'priority_set',
        data: { priority: 'P2', reason: "desk's initial assessment" },
      }),
    ).toEqual([{ text: 'P2' }]);
    expect(
      timelineFacts({ type: 'verify_and_close', data: { to: 'closed', resolution: 'fixed' } }),
    ).toEqual([{ key: 'status.closed' }, { key: 'resolution.fixed' }]);
  });
});
