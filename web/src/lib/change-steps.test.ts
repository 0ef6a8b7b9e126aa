import { describe, expect, it } from 'vitest';
import { shortChecksum, stepsFor, waitingFor } from './change-steps';

describe('stepsFor', () => {
  it.each([
    ['requested', ['system'], ['approve_change', 'reject_change']],
    ['requested', ['devops'], []],
    ['approved', ['devops'], ['execute_change']],
    ['approved', ['system', 'vendor'], []],
    ['executed', ['vendor'], ['verify_change']],
    ['executed', ['system'], ['verify_change']],
    ['verified', ['system', 'devops', 'vendor'], []],
    ['failed', ['devops'], []],
  ])('%s for %j → %j', (status, groups, expected) => {
    expect(stepsFor(status, groups)).toEqual(expected);
  });
});

describe('waitingFor', () => {
  it('starts devops at approved tasks, the system group at requested and executed ones', () => {
    expect(waitingFor(['devops'])).toEqual(['approved']);
    expect(waitingFor(['system'])).toEqual(['requested', 'executed']);
    expect(waitingFor(['vendor'])).toEqual(['executed']);
    expect(waitingFor(['leaders'])).toEqual([]);
  });
});

describe('shortChecksum', () => {
  it('keeps the head and tail of the sha256', () => {
    expect(shortChecksum({ sqlChecksum: 'a1b2c3d4'.repeat(8) })).toBe('a1b2c3d4…c3d4');
    expect(shortChecksum({ sqlChecksum: null })).toBe('');
  });
});
