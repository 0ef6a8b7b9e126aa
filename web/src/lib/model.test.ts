/**
 * The SPA keeps its own copies of the plan's lists (importing them from @ovms/policy would add
 * its workflow rules, ~8 KB gzip, to the sign-in + queue bundle). They must not drift from the
 * lists the API validates against: this test fails the build when they do.
 */
import { describe, expect, it } from 'vitest';
import {
  HANDLING_GROUPS,
  IMPACTS as POLICY_IMPACTS,
  INCIDENT_STATUSES,
  PRIORITIES as POLICY_PRIORITIES,
  RISK_CATEGORIES,
  SCOPES as POLICY_SCOPES,
  STATUS_TRAITS,
  SYMPTOMS as POLICY_SYMPTOMS,
  WORKFLOW_ACTIONS,
} from '@ovms/policy';
import {
  ACTION_TYPES,
  CATEGORIES,
  HOLDER_GROUPS,
  IMPACTS,
  OPEN_STATUSES,
  PRIORITIES,
  SCOPES,
  SYMPTOMS,
} from './model';

describe('the SPA’s lists are the policy package’s', () => {
  it.each([
    ['priorities', PRIORITIES, POLICY_PRIORITIES],
    ['symptoms, in the plan’s order', SYMPTOMS, POLICY_SYMPTOMS],
    ['scopes', SCOPES, POLICY_SCOPES],
    ['impacts', IMPACTS, POLICY_IMPACTS],
    ['risk categories', CATEGORIES, RISK_CATEGORIES],
    ['holding groups', HOLDER_GROUPS, HANDLING_GROUPS],
    ['actions', ACTION_TYPES, WORKFLOW_ACTIONS],
  ])('%s', (_, ours, policy) => {
    expect([...ours]).toEqual([...policy]);
  });

  it('open statuses: every status whose clock is not stopped, in the workflow’s order', () => {
    expect([...OPEN_STATUSES]).toEqual(
      INCIDENT_STATUSES.filter((status) => STATUS_TRAITS[status].clock !== 'stopped'),
    );
  });
});
