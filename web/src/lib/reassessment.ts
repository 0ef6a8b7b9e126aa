/**
 * The preview of a (re-)assessment before it is saved (plan §5.1, DOMAIN.md §5): the priority
 * the incident's policy version derives from impact × scope, its target for the effective grade,
 * and what is left given the working time already spent (a new priority keeps the time spent).
 */
import type { Incident, Schemas } from '../api/client';

type PolicyVersion = Pick<Schemas['PolicyVersion'], 'priorityMatrix' | 'resolutionTargets'>;

export interface AssessmentPreview {
  priority: Incident['priority'];
  targetMinutes: number;
  /** Working minutes left under the new target; negative when it is already overrun. */
  leftMinutes: number;
  changed: boolean;
}

/**
 * @example previewAssessment(plan2015, { effectiveGrade: 'A', priority: 'P3', sla: { spentMinutes: 20 } }, 'high', 'all', 480)
 * // → { priority: 'P1', targetMinutes: 30, leftMinutes: 10, changed: true }
 */
export function previewAssessment(
  policy: PolicyVersion,
  incident: Pick<Incident, 'effectiveGrade' | 'priority'> & {
    sla: Pick<Incident['sla'], 'spentMinutes'>;
  },
  impact: Incident['impact'],
  scope: Incident['scope'],
  nominalDayMinutes: number,
): AssessmentPreview {
  const priority = policy.priorityMatrix[impact][scope];
  const target = policy.resolutionTargets[incident.effectiveGrade][priority];
  const targetMinutes =
    'minutes' in target ? target.minutes : target.workingDays * nominalDayMinutes;
  return {
    priority,
    targetMinutes,
    leftMinutes: targetMinutes - incident.sla.spentMinutes,
    changed: priority !== incident.priority,
  };
}
