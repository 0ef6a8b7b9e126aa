/**
 * Who takes the next step of a change task (plan §3.2/§4): the system group approves or rejects
 * what was requested, devops executes what was approved, the requester verifies what was
 * executed. The API decides; this only picks the buttons and the list a person starts from.
 */
import type { ActionType, ChangeTask } from '../api/client';

export type ChangeTaskStatus =
  'requested' | 'approved' | 'rejected' | 'executed' | 'failed' | 'verified' | 'cancelled';

export const OPEN_TASK_STATUSES: readonly ChangeTaskStatus[] = [
  'requested',
  'approved',
  'executed',
];
export const CLOSED_TASK_STATUSES: readonly ChangeTaskStatus[] = [
  'verified',
  'rejected',
  'failed',
  'cancelled',
];

/** The group each open status waits for, and the steps that group may take. */
const NEXT: Partial<Record<string, { groups: readonly string[]; steps: readonly ActionType[] }>> = {
  requested: { groups: ['system'], steps: ['approve_change', 'reject_change'] },
  approved: { groups: ['devops'], steps: ['execute_change'] },
  // The requester verifies: the vendor, or the system group when it handled the incident on site.
  executed: { groups: ['vendor', 'system'], steps: ['verify_change'] },
};

/**
 * The steps a person of these groups may take on a task in this status.
 * @example stepsFor('approved', ['devops']) // → ['execute_change']
 */
export function stepsFor(status: string, groups: readonly string[]): ActionType[] {
  const next = NEXT[status];
  if (!next || !groups.some((group) => next.groups.includes(group))) return [];
  return [...next.steps];
}

/**
 * The statuses a person's list starts with: what waits for them.
 * @example waitingFor(['devops']) // → ['approved']
 */
export function waitingFor(groups: readonly string[]): ChangeTaskStatus[] {
  return OPEN_TASK_STATUSES.filter((status) =>
    groups.some((group) => NEXT[status]?.groups.includes(group)),
  );
}

/** A short form of the SQL checksum to compare by eye with devops' console. */
export function shortChecksum(task: Pick<ChangeTask, 'sqlChecksum'>): string {
  return task.sqlChecksum ? `${task.sqlChecksum.slice(0, 8)}…${task.sqlChecksum.slice(-4)}` : '';
}
