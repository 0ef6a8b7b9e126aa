/** The policy tables (plan §5.1, §5.2) as the admin reads and edits them. */
import type { Schemas } from '../../api/client';

export type PolicyVersion = Schemas['PolicyVersion'];
export type PolicyInput = Schemas['NewPolicyVersionInput'];
export type ResolutionTarget = Schemas['ResolutionTarget'];

export const GRADES = ['A', 'B', 'C'] as const;
export const AUDIENCES = [
  'holding_group',
  'holding_group_lead',
  'leaders',
] as const satisfies readonly Schemas['NoticeThresholds'][number]['audience'][number][];

/**
 * A target as the plan writes it, in the unit of the caller's words.
 * @example targetParts({ minutes: 90 }) // → { value: 1.5, unit: 'hours' }
 */
export function targetParts(target: ResolutionTarget): {
  value: number;
  unit: 'minutes' | 'hours' | 'workingDays';
} {
  if ('workingDays' in target) return { value: target.workingDays, unit: 'workingDays' };
  if (target.minutes >= 60 && target.minutes % 30 === 0)
    return { value: target.minutes / 60, unit: 'hours' };
  return { value: target.minutes, unit: 'minutes' };
}

/**
 * The short text an admin edits: `30m`, `2h`, `1d` (working days); a bare number is minutes.
 * @example targetText({ workingDays: 1 }) // → '1d'
 */
export function targetText(target: ResolutionTarget): string {
  const { value, unit } = targetParts(target);
  return `${value}${unit === 'minutes' ? 'm' : unit === 'hours' ? 'h' : 'd'}`;
}

/** @example parseTarget('1.5h') // → { minutes: 90 }; parseTarget('2d') // → { workingDays: 2 } */
export function parseTarget(text: string): ResolutionTarget | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? 'm').toLowerCase();
  if (!(value > 0)) return null;
  if (unit === 'd') return Number.isInteger(value) ? { workingDays: value } : null;
  const minutes = unit === 'h' ? value * 60 : value;
  return Number.isInteger(minutes) ? { minutes } : null;
}

/** The editable copy of a version, as a new version's input (note empty). */
export function draftOf(version: PolicyVersion): PolicyInput {
  return {
    symptomImpact: { ...version.symptomImpact },
    priorityMatrix: {
      high: { ...version.priorityMatrix.high },
      medium: { ...version.priorityMatrix.medium },
      low: { ...version.priorityMatrix.low },
    },
    resolutionTargets: {
      A: { ...version.resolutionTargets.A },
      B: { ...version.resolutionTargets.B },
      C: { ...version.resolutionTargets.C },
    },
    noticeThresholds: version.noticeThresholds.map((threshold) => ({
      percent: threshold.percent,
      audience: [...threshold.audience],
    })),
    note: '',
  };
}

/**
 * What is wrong with notice thresholds before the API says it: they must ascend strictly, each
 * above 0, each with an audience. Returns the index of each bad row.
 */
export function thresholdProblems(thresholds: PolicyInput['noticeThresholds']): number[] {
  return thresholds.flatMap((threshold, index) => {
    const previous = thresholds[index - 1];
    const bad =
      !(threshold.percent > 0) ||
      threshold.audience.length === 0 ||
      (previous !== undefined && threshold.percent <= previous.percent);
    return bad ? [index] : [];
  });
}
