import { describe, expect, it } from 'vitest';
import { buildAction, fieldsOf, initialValues, missingFields } from './actions';

describe('action forms', () => {
  it('asks the desk for impact, scope and an impact statement to escalate', () => {
    expect(fieldsOf('escalate_to_system').map((field) => field.name)).toEqual([
      'impact',
      'scope',
      'impactStatement',
    ]);
    const values = initialValues('escalate_to_system', { impact: 'high', scope: 'some' });
    expect(values).toEqual({ impact: 'high', scope: 'some', impactStatement: '' });
    expect(missingFields('escalate_to_system', values)).toEqual(['impactStatement']);
    expect(buildAction('escalate_to_system', { ...values, impactStatement: ' 报价错误 ' })).toEqual(
      {
        type: 'escalate_to_system',
        impact: 'high',
        scope: 'some',
        impactStatement: '报价错误',
      },
    );
  });

  it('leaves empty optional fields out of the body', () => {
    expect(buildAction('hand_to_vendor', { note: '  ' })).toEqual({ type: 'hand_to_vendor' });
    expect(buildAction('verify_and_close', { resolution: 'workaround', note: '' })).toEqual({
      type: 'verify_and_close',
      resolution: 'workaround',
    });
  });

  it('requires a note to reject a fix, none to confirm it', () => {
    expect(missingFields('reject_fix', { note: '' })).toEqual(['note']);
    expect(missingFields('confirm_fix', { note: '' })).toEqual([]);
    expect(buildAction('reject_fix', { note: '仍然报错' })).toEqual({
      type: 'reject_fix',
      note: '仍然报错',
    });
  });

  it('sends the change task number with the change actions', () => {
    expect(buildAction('execute_change', { result: 'failed', output: 'ORA-01' }, 2)).toEqual({
      type: 'execute_change',
      task: 2,
      result: 'failed',
      output: 'ORA-01',
    });
    expect(buildAction('record_root_cause', { rootCause: 'x', needsProductionSql: true })).toEqual({
      type: 'record_root_cause',
      rootCause: 'x',
      needsProductionSql: true,
      networkMatter: false,
    });
  });
});
