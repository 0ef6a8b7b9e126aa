import { describe, expect, it } from 'vitest';
import { IMPACTS, SCOPES, SYMPTOMS } from '../src/model.js';
import type { Impact, Priority, Scope, Symptom } from '../src/model.js';
import {
  DEFAULT_PRIORITY_MATRIX,
  DEFAULT_SYMPTOM_IMPACT,
  PolicyTableError,
  impactOfSymptom,
  priorityOf,
  validatePriorityMatrix,
  validateSymptomImpactMap,
} from '../src/priority.js';

// The plan's tables (§5.1), written out cell by cell.
const SYMPTOM_IMPACT: [Symptom, Impact][] = [
  ['unusable', 'high'],
  ['data_wrong', 'high'],
  ['slow', 'medium'],
  ['partly_unusable', 'medium'],
  ['other', 'low'],
];

const MATRIX: [Impact, Scope, Priority][] = [
  ['high', 'all', 'P1'],
  ['high', 'some', 'P2'],
  ['high', 'one', 'P3'],
  ['medium', 'all', 'P2'],
  ['medium', 'some', 'P3'],
  ['medium', 'one', 'P4'],
  ['low', 'all', 'P3'],
  ['low', 'some', 'P4'],
  ['low', 'one', 'P4'],
];

const clone = <T>(value: T): T => structuredClone(value);

function tableError(run: () => unknown): PolicyTableError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyTableError) return error;
    throw error;
  }
  throw new Error('expected a PolicyTableError');
}

describe('impactOfSymptom', () => {
  it('covers every symptom', () => {
    expect(SYMPTOM_IMPACT.map(([symptom]) => symptom).sort()).toEqual([...SYMPTOMS].sort());
  });

  it.each(SYMPTOM_IMPACT)('%s → %s', (symptom, impact) => {
    expect(impactOfSymptom(symptom)).toBe(impact);
  });

  it('uses a custom map', () => {
    const map = validateSymptomImpactMap({ ...DEFAULT_SYMPTOM_IMPACT, slow: 'high' });
    expect(impactOfSymptom('slow', map)).toBe('high');
    expect(impactOfSymptom('other', map)).toBe('low');
  });
});

describe('priorityOf', () => {
  it('covers every impact × scope cell', () => {
    expect(MATRIX).toHaveLength(IMPACTS.length * SCOPES.length);
  });

  it.each(MATRIX)('%s impact, %s users → %s', (impact, scope, priority) => {
    expect(priorityOf(impact, scope)).toBe(priority);
  });

  it('uses a custom matrix', () => {
    const input = clone(DEFAULT_PRIORITY_MATRIX) as Record<Impact, Record<Scope, Priority>>;
    input.low.one = 'P3';
    expect(priorityOf('low', 'one', validatePriorityMatrix(input))).toBe('P3');
  });
});

describe('validateSymptomImpactMap', () => {
  const { other: _other, ...withoutOther } = DEFAULT_SYMPTOM_IMPACT;

  it('accepts the default and returns a frozen copy', () => {
    const input = clone(DEFAULT_SYMPTOM_IMPACT);
    const map = validateSymptomImpactMap(input);
    expect(map).toEqual(DEFAULT_SYMPTOM_IMPACT);
    expect(map).not.toBe(input);
    expect(Object.isFrozen(map)).toBe(true);
    expect(Object.isFrozen(input)).toBe(false);
  });

  it.each([
    ['not an object', 'high', 'impacts'],
    ['an array', ['high'], 'impacts'],
    ['a missing symptom', withoutOther, 'impacts.other'],
    ['an unknown symptom', { ...DEFAULT_SYMPTOM_IMPACT, broken: 'high' }, 'impacts.broken'],
    ['an unknown impact', { ...DEFAULT_SYMPTOM_IMPACT, slow: 'severe' }, 'impacts.slow'],
    ['a non-string impact', { ...DEFAULT_SYMPTOM_IMPACT, unusable: 3 }, 'impacts.unusable'],
  ])('refuses %s', (_case, input, path) => {
    const error = tableError(() => validateSymptomImpactMap(input));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });
});

describe('validatePriorityMatrix', () => {
  it('accepts the default', () => {
    expect(validatePriorityMatrix(clone(DEFAULT_PRIORITY_MATRIX))).toEqual(DEFAULT_PRIORITY_MATRIX);
  });

  it.each(MATRIX)('refuses the matrix without cell %s.%s', (impact, scope) => {
    const input = clone(DEFAULT_PRIORITY_MATRIX) as Record<string, Record<string, unknown>>;
    delete input[impact]![scope];
    const error = tableError(() => validatePriorityMatrix(input));
    expect(error.path).toBe(`matrix.${impact}.${scope}`);
    expect(error.message).toBe(`matrix.${impact}.${scope}: missing`);
  });

  it.each(MATRIX)('refuses an unknown priority in cell %s.%s', (impact, scope) => {
    const input = clone(DEFAULT_PRIORITY_MATRIX) as Record<string, Record<string, unknown>>;
    input[impact]![scope] = 'P5';
    const error = tableError(() => validatePriorityMatrix(input));
    expect(error.path).toBe(`matrix.${impact}.${scope}`);
    expect(error.message).toContain('"P5" is not one of P1, P2, P3, P4');
  });

  it.each([
    ['a missing row', { high: DEFAULT_PRIORITY_MATRIX.high }, 'matrix.medium'],
    ['a row that is not an object', { ...DEFAULT_PRIORITY_MATRIX, low: 'P4' }, 'matrix.low'],
    ['an unknown impact', { ...DEFAULT_PRIORITY_MATRIX, severe: {} }, 'matrix.severe'],
    [
      'an unknown scope',
      { ...DEFAULT_PRIORITY_MATRIX, high: { ...DEFAULT_PRIORITY_MATRIX.high, many: 'P1' } },
      'matrix.high.many',
    ],
    ['null', null, 'matrix'],
  ])('refuses %s', (_case, input, path) => {
    expect(tableError(() => validatePriorityMatrix(input)).path).toBe(path);
  });
});
