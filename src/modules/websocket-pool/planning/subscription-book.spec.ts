import { describe, expect, it } from 'vitest';
import { SubscriptionBook } from './subscription-book.js';

const book = (maxTokens = 100, maxOwnersPerToken = 4) => new SubscriptionBook({ maxTokens, maxOwnersPerToken });

describe(SubscriptionBook.name, () => {
  it('should hold a token once whoever subscribes it, at the highest mode asked for', () => {
    const sut = book();
    expect(sut.add([1, 2], 'ltp', 'a').added).toEqual([1, 2]);
    expect(sut.add([2, 3], 'full', 'b')).toMatchObject({ added: [3], modeChanged: [2] });
    expect(sut.size).toBe(3);
    expect([sut.modeOf(1), sut.modeOf(2), sut.modeOf(3)]).toEqual(['ltp', 'full', 'full']);
    expect(sut.ownerCount(2)).toBe(2);
  });

  it('should count owners, not calls: subscribing twice under one owner needs one unsubscribe', () => {
    const sut = book();
    sut.add([7], 'quote', 'a');
    sut.add([7], 'quote', 'a');
    expect(sut.remove([7], 'a').removed).toEqual([7]);
    expect(sut.size).toBe(0);
  });

  it('should keep a token until its last owner leaves and lower the mode as owners leave', () => {
    const sut = book();
    sut.add([5], 'full', 'a');
    sut.add([5], 'ltp', 'b');
    expect(sut.remove([5], 'a')).toMatchObject({ removed: [], modeChanged: [5] });
    expect(sut.modeOf(5)).toBe('ltp');
    expect(sut.remove([5, 6], 'b')).toMatchObject({ removed: [5], notHeld: [6] });
  });

  it('should change only the modes an owner holds and report the rest', () => {
    const sut = book();
    sut.add([1], 'ltp', 'a');
    expect(sut.setMode([1, 2], 'full', 'a')).toMatchObject({ modeChanged: [1], notHeld: [2] });
    expect(sut.modeOf(2)).toBeUndefined();
  });

  it('should refuse tokens beyond its bounds instead of growing', () => {
    const sut = book(2, 1);
    expect(sut.add([1, 2, 3], 'ltp', 'a')).toMatchObject({ added: [1, 2], refused: [3] });
    expect(sut.add([1], 'ltp', 'b').refused).toEqual([1]);
    expect(sut.size).toBe(2);
  });
});
