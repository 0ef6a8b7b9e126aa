import { describe, expect, it } from 'vitest';
import { fieldError, toShownProblem } from './problem';

describe('field errors', () => {
  it('finds a field’s error by its pointer into the body, or inside it', () => {
    const problem = {
      message: 'Invalid fields',
      status: 400,
      fields: {
        '/body/url': 'Invalid URL',
        '/body/weekly/mon/0/end': 'after start',
        '/name': 'Required',
      },
    };
    expect(fieldError(problem, 'url')).toBe('Invalid URL');
    expect(fieldError(problem, 'weekly')).toBe('after start');
    expect(fieldError(problem, 'name')).toBe('Required');
    expect(fieldError(problem, 'kind')).toBe('');
    expect(fieldError(null, 'url')).toBe('');
  });

  it('reads the pointers of a validation problem as the API sends it', () => {
    const problem = toShownProblem(
      {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        detail: 'Invalid fields: /body/reporter/phone.',
        instance: '/api/v1/incidents',
        errors: [
          { pointer: '/body/reporter/phone', detail: 'a phone number: digits, spaces, + - ( )' },
        ],
      },
      'report',
    );
    expect(problem.message).toBe('Invalid fields: /body/reporter/phone.');
    expect(fieldError(problem, 'reporter/phone')).toBe('a phone number: digits, spaces, + - ( )');
    expect(fieldError(problem, 'reporter/name')).toBe('');
    expect(fieldError(problem, 'reporter')).toBe('a phone number: digits, spaces, + - ( )');
  });
});
