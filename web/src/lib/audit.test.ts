import { describe, expect, it } from 'vitest';
import { changedFields, shownValue } from './audit';

describe('changedFields', () => {
  it('lists the fields whose value changed, sorted, new and removed ones included', () => {
    expect(
      changedFields(
        { status: 'reported', version: 1, holder: 'desk', tags: ['a'] },
        { status: 'triage', version: 2, holder: 'desk', tags: ['a'], assignee: 'su' },
      ),
    ).toEqual([
      { field: 'assignee', before: null, after: 'su' },
      { field: 'status', before: 'reported', after: 'triage' },
      { field: 'version', before: 1, after: 2 },
    ]);
  });

  it('treats a created record as every field new and a removed one as every field gone', () => {
    expect(changedFields(null, { id: 'ovms' })).toEqual([
      { field: 'id', before: null, after: 'ovms' },
    ]);
    expect(changedFields({ id: 'ovms' }, null)).toEqual([
      { field: 'id', before: 'ovms', after: null },
    ]);
  });

  it('compares nested values as JSON and plain values as one field', () => {
    expect(changedFields({ hours: [{ from: '09:00' }] }, { hours: [{ from: '09:00' }] })).toEqual(
      [],
    );
    expect(changedFields('a', 'b')).toEqual([{ field: '', before: 'a', after: 'b' }]);
    expect(changedFields(null, null)).toEqual([]);
  });
});

describe('shownValue', () => {
  it('shows strings as they are, the rest as JSON, long ones cut', () => {
    expect(shownValue('已关闭')).toBe('已关闭');
    expect(shownValue(null)).toBe('null');
    expect(shownValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(shownValue('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
