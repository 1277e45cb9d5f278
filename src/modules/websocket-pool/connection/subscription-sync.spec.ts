import { describe, expect, it } from 'vitest';
import { SubscriptionSync } from './subscription-sync.js';

describe(SubscriptionSync.name, () => {
  it('should send a subscribe and a mode for new tokens, a mode alone for a changed one, an unsubscribe for removed ones', () => {
    const sut = new SubscriptionSync();
    sut.assign(1, 'full');
    sut.assign(2, 'ltp');
    expect(sut.takeDiff()).toEqual({ unsubscribe: [], subscribe: [1, 2], modes: { ltp: [2], quote: [], full: [1] } });
    sut.assign(2, 'quote');
    sut.unassign(1);
    expect(sut.takeDiff()).toEqual({ unsubscribe: [1], subscribe: [], modes: { ltp: [], quote: [2], full: [] } });
    expect(sut.pending).toBe(false);
  });

  it('should send nothing for changes that cancel out before the flush', () => {
    const sut = new SubscriptionSync();
    sut.assign(1, 'full');
    sut.takeDiff();
    sut.assign(1, 'ltp');
    sut.assign(1, 'full');
    sut.assign(9, 'quote');
    sut.unassign(9);
    expect(sut.takeDiff()).toEqual({ unsubscribe: [], subscribe: [], modes: { ltp: [], quote: [], full: [] } });
  });

  it('should replay the whole assignment with its modes after a new socket', () => {
    const sut = new SubscriptionSync();
    sut.assign(1, 'full');
    sut.assign(2, 'ltp');
    sut.takeDiff();
    sut.forgetSent();
    expect(sut.sentCount).toBe(0);
    expect(sut.takeDiff()).toEqual({ unsubscribe: [], subscribe: [1, 2], modes: { ltp: [2], quote: [], full: [1] } });
  });
});
