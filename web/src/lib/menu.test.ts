import { describe, expect, it } from 'vitest';
import { defaultHolderOf, homeOf, workspacesOf } from './menu';

describe('workspacesOf', () => {
  it.each([
    [['reporters'], ['report', 'mine']],
    [['desk'], ['queue', 'war-room', 'report']],
    [['vendor'], ['queue', 'changes']],
    [['leaders'], ['queue', 'war-room', 'audit']],
    [
      ['devops', 'vendor'],
      ['queue', 'changes'],
    ],
    [['admin'], ['queue', 'audit', 'admin']],
    [[], []],
    [['unknown'], []],
  ])('%j → %j', (groups, expected) => {
    expect(workspacesOf(groups)).toEqual(expected);
  });
});

describe('homeOf', () => {
  it('sends leaders to the war room, reporters to the report form, devops to its change tasks, others to the queue', () => {
    expect(homeOf(['leaders'])).toBe('war-room');
    expect(homeOf(['reporters'])).toBe('report');
    expect(homeOf(['desk'])).toBe('queue');
    expect(homeOf(['devops'])).toBe('changes');
    expect(homeOf([])).toBe('queue');
  });
});

describe('defaultHolderOf', () => {
  it('gives the system group and the vendor their own board, the rest everything', () => {
    expect(defaultHolderOf(['system'])).toBe('system');
    expect(defaultHolderOf(['vendor'])).toBe('vendor');
    expect(defaultHolderOf(['desk'])).toBe('');
    expect(defaultHolderOf(['devops'])).toBe('');
    expect(defaultHolderOf(['leaders', 'system'])).toBe('');
  });
});
