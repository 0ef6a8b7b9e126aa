import { describe, expect, it } from 'vitest';
import { defaultHolderOf, homeOf, workspaceDecision, workspacesOf } from './menu';

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

describe('workspaceDecision', () => {
  it.each([
    ['admin', ['reporters'], { allowed: false, refused: 'admin' }],
    ['audit', ['reporters'], { allowed: false, refused: 'audit' }],
    ['changes', ['reporters'], { allowed: false, refused: 'changes' }],
    ['war-room', ['reporters'], { allowed: false, refused: 'war-room' }],
    ['queue', ['reporters'], { allowed: false, refused: 'queue' }],
    ['report', ['reporters'], { allowed: true }],
    ['mine', ['reporters'], { allowed: true }],
    ['admin', ['admin'], { allowed: true }],
    ['admin', ['desk'], { allowed: false, refused: 'admin' }],
    ['audit', ['leaders'], { allowed: true }],
    ['changes', ['devops', 'vendor'], { allowed: true }],
    ['war-room', ['vendor'], { allowed: false, refused: 'war-room' }],
    // An incident's page is no workspace: the API decides what the person may see there.
    [undefined, ['reporters'], { allowed: true }],
    // A person without a group lands on the queue, and is not sent away from it in circles.
    ['queue', [], { allowed: true }],
  ] as const)('%s for %j → %j', (workspace, groups, expected) => {
    expect(workspaceDecision(workspace, groups)).toEqual(expected);
  });
});
