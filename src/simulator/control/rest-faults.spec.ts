import { describe, expect, it } from 'vitest';
import { FaultInjector } from './rest-faults.js';

describe('FaultInjector', () => {
  it('applies a rule to the next N matching calls of its api key and path', () => {
    const faults = new FaultInjector(1);
    faults.addRest({ apiKey: 'a', pathPrefix: '/quote', count: 2, action: { kind: 'status', status: 429 } });
    expect(faults.matchRest('b', 'GET', '/quote')).toBeUndefined();
    expect(faults.matchRest('a', 'GET', '/orders')).toBeUndefined();
    expect(faults.matchRest('a', 'GET', '/quote/ltp')).toEqual({ kind: 'status', status: 429 });
    expect(faults.matchRest('a', 'GET', '/quote')).toEqual({ kind: 'status', status: 429 });
    expect(faults.matchRest('a', 'GET', '/quote')).toBeUndefined();
    expect(faults.list().rest).toHaveLength(0);
  });

  it('hits a deterministic fraction of calls', () => {
    const run = (): boolean[] => {
      const faults = new FaultInjector(9);
      faults.addRest({ fraction: 0.3, action: { kind: 'hang' } });
      return Array.from({ length: 1000 }, () => faults.matchRest('x', 'GET', '/user/profile') !== undefined);
    };
    const hits = run();
    expect(hits).toEqual(run());
    const share = hits.filter(Boolean).length / hits.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  it('keeps order faults separate and clears by api key', () => {
    const faults = new FaultInjector(1);
    faults.addOrder({ apiKey: 'a', action: { kind: 'accept-no-answer' } });
    faults.addOrder({ apiKey: 'b', action: { kind: 'reject', message: 'no' } });
    expect(faults.matchRest('a', 'POST', '/orders/regular')).toBeUndefined();
    expect(faults.matchOrder('a')).toEqual({ kind: 'accept-no-answer' });
    faults.clear('a');
    expect(faults.matchOrder('a')).toBeUndefined();
    expect(faults.matchOrder('b')).toEqual({ kind: 'reject', message: 'no' });
    faults.clear();
    expect(faults.list()).toEqual({ rest: [], orders: [] });
  });
});
