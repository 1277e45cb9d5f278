import { describe, expect, it } from 'vitest';
import { InstrumentDistributor } from './instrument-distributor.js';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe(InstrumentDistributor.name, () => {
  it('should balance new instruments across accounts by free room', () => {
    const sut = new InstrumentDistributor();
    const result = sut.distribute(range(1, 10), [
      { accountId: 'a', capacity: 100 },
      { accountId: 'b', capacity: 100 },
    ]);
    expect(result.assignments.get('a')).toHaveLength(5);
    expect(result.assignments.get('b')).toHaveLength(5);
    expect(result.unplaced).toEqual([]);
    expect(result.placed).toBe(10);
  });

  it('should keep existing placements stable when instruments are added', () => {
    const sut = new InstrumentDistributor();
    const accounts = [
      { accountId: 'a', capacity: 100 },
      { accountId: 'b', capacity: 100 },
    ];
    const first = sut.distribute(range(1, 10), accounts);
    const second = sut.distribute(range(1, 14), accounts);
    for (const token of range(1, 10)) {
      const before = [...first.assignments].find(([, tokens]) => tokens.includes(token))![0];
      expect(second.assignments.get(before)).toContain(token);
    }
    expect(second.kept).toBe(10);
    expect(second.placed).toBe(4);
  });

  it('should fill the emptier account first after removals', () => {
    const sut = new InstrumentDistributor();
    const accounts = [
      { accountId: 'a', capacity: 10 },
      { accountId: 'b', capacity: 10 },
    ];
    const first = sut.distribute(range(1, 8), accounts);
    const stayingOnA = first.assignments.get('a')!;
    const result = sut.distribute([...stayingOnA, 100, 101, 102, 103], accounts);
    expect(result.assignments.get('a')).toEqual(stayingOnA);
    expect(result.assignments.get('b')).toEqual([100, 101, 102, 103]);
  });

  it('should return what does not fit instead of dropping it', () => {
    const sut = new InstrumentDistributor();
    const result = sut.distribute(range(1, 7), [
      { accountId: 'a', capacity: 3 },
      { accountId: 'b', capacity: 2 },
    ]);
    expect(result.assignments.get('a')).toHaveLength(3);
    expect(result.assignments.get('b')).toHaveLength(2);
    expect(result.unplaced).toHaveLength(2);
    expect(new Set([...result.assignments.get('a')!, ...result.assignments.get('b')!, ...result.unplaced]).size).toBe(
      7,
    );
  });

  it("should move an ineligible account's instruments to the remaining accounts", () => {
    const sut = new InstrumentDistributor();
    sut.distribute(range(1, 6), [
      { accountId: 'a', capacity: 10 },
      { accountId: 'b', capacity: 10 },
    ]);
    const result = sut.distribute(range(1, 6), [{ accountId: 'b', capacity: 10 }]);
    expect(result.assignments.get('b')).toHaveLength(6);
    expect(result.assignments.has('a')).toBe(false);
    expect(result.kept).toBe(3);
  });

  it('should ignore duplicate tokens', () => {
    const sut = new InstrumentDistributor();
    const result = sut.distribute([5, 5, 5], [{ accountId: 'a', capacity: 10 }]);
    expect(result.assignments.get('a')).toEqual([5]);
  });
});
