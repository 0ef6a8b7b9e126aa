/**
 * Priority (plan §5.1, DOMAIN.md §3): what the user sees gives the impact; impact × scope gives
 * P1..P4. Both tables are data so an admin can publish a new policy version; the plan's values
 * are the defaults.
 */
import { IMPACTS, PRIORITIES, SCOPES, SYMPTOMS } from './model.js';
import type { Impact, Priority, Scope, Symptom } from './model.js';

/** 影响程度判断规则: the impact the user's first statement implies. */
export type SymptomImpactMap = Readonly<Record<Symptom, Impact>>;

/** 事件优先级判断规则: impact (row) × scope (column) → priority. */
export type PriorityMatrix = Readonly<Record<Impact, Readonly<Record<Scope, Priority>>>>;

/** The plan's impact of each symptom: unusable or wrong data is high, slow or partial is medium. */
export const DEFAULT_SYMPTOM_IMPACT: SymptomImpactMap = Object.freeze({
  unusable: 'high',
  data_wrong: 'high',
  slow: 'medium',
  partly_unusable: 'medium',
  other: 'low',
});

/** The plan's priority matrix, rows by impact, columns by scope (all, some, one user). */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = Object.freeze({
  high: Object.freeze({ all: 'P1', some: 'P2', one: 'P3' }),
  medium: Object.freeze({ all: 'P2', some: 'P3', one: 'P4' }),
  low: Object.freeze({ all: 'P3', some: 'P4', one: 'P4' }),
});

/**
 * A policy table (impact map, matrix, targets, thresholds) that is incomplete or malformed.
 * `path` points at the offending cell, e.g. `matrix.high.some`.
 *
 * @example
 * try {
 *   validatePriorityMatrix({ high: { all: 'P1' } });
 * } catch (error) {
 *   if (error instanceof PolicyTableError) console.warn(error.path); // 'matrix.high.some'
 * }
 */
export class PolicyTableError extends Error {
  override readonly name = 'PolicyTableError';
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
  }
}

/**
 * Reads a record that must hold exactly `keys`, each cell checked by `readCell`; the shared
 * shape check of every policy table. Internal to the package (not re-exported by the index).
 *
 * @example
 * const map = readTableRecord({ a: 1 }, 'table', ['a'], (cell) => Number(cell)); // { a: 1 }
 */
export function readTableRecord<K extends string, V>(
  input: unknown,
  path: string,
  keys: readonly K[],
  readCell: (cell: unknown, path: string) => V,
): Readonly<Record<K, V>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PolicyTableError(path, `expected an object with keys ${keys.join(', ')}`);
  }
  const known: readonly string[] = keys;
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      throw new PolicyTableError(
        `${path}.${key}`,
        `unknown key "${key}", expected one of ${keys.join(', ')}`,
      );
    }
  }
  const cells = input as Record<string, unknown>;
  const table = {} as Record<K, V>;
  for (const key of keys) {
    if (!(key in cells)) throw new PolicyTableError(`${path}.${key}`, 'missing');
    table[key] = readCell(cells[key], `${path}.${key}`);
  }
  return Object.freeze(table);
}

/**
 * Reads a cell that must be one of `allowed`.
 *
 * @example
 * const impact = readTableEnum('high', 'impacts.slow', IMPACTS); // 'high'
 */
export function readTableEnum<T extends string>(
  cell: unknown,
  path: string,
  allowed: readonly T[],
): T {
  if (typeof cell !== 'string' || !(allowed as readonly string[]).includes(cell)) {
    throw new PolicyTableError(path, `${JSON.stringify(cell)} is not one of ${allowed.join(', ')}`);
  }
  return cell as T;
}

/**
 * The impact a symptom implies, before the handler re-assesses it from the facts.
 *
 * @example
 * impactOfSymptom('data_wrong'); // 'high'
 * impactOfSymptom('slow'); // 'medium'
 */
export function impactOfSymptom(
  symptom: Symptom,
  map: SymptomImpactMap = DEFAULT_SYMPTOM_IMPACT,
): Impact {
  return map[symptom];
}

/**
 * The priority of an incident from its impact and scope.
 *
 * @example
 * priorityOf('high', 'all'); // 'P1'
 * priorityOf('medium', 'one'); // 'P4'
 */
export function priorityOf(
  impact: Impact,
  scope: Scope,
  matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
): Priority {
  return matrix[impact][scope];
}

/**
 * Checks a custom symptom → impact map (e.g. parsed JSON): every symptom present, every impact
 * known, no unknown key. Returns a frozen copy or throws a {@link PolicyTableError}.
 *
 * @example
 * const map = validateSymptomImpactMap({ ...DEFAULT_SYMPTOM_IMPACT, slow: 'high' });
 * impactOfSymptom('slow', map); // 'high'
 */
export function validateSymptomImpactMap(input: unknown): SymptomImpactMap {
  return readTableRecord(input, 'impacts', SYMPTOMS, (cell, path) =>
    readTableEnum(cell, path, IMPACTS),
  );
}

/**
 * Checks a custom impact × scope matrix: every cell present and a known priority, no unknown
 * key. Returns a frozen copy or throws a {@link PolicyTableError}.
 *
 * @example
 * validatePriorityMatrix({ high: { all: 'P1', some: 'P2' } });
 * // throws PolicyTableError 'matrix.high.one: missing'
 */
export function validatePriorityMatrix(input: unknown): PriorityMatrix {
  return readTableRecord(input, 'matrix', IMPACTS, (row, rowPath) =>
    readTableRecord(row, rowPath, SCOPES, (cell, path) => readTableEnum(cell, path, PRIORITIES)),
  );
}
