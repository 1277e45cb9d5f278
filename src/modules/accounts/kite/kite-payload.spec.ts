import { describe, expect, it } from 'vitest';
import { KiteDataError } from './kite-errors.js';
import { KiteRecord } from './kite-payload.js';

const failure = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('KiteRecord', () => {
  it('should read typed fields, numeric strings as numbers, defaults for absent optional ones', () => {
    const r = KiteRecord.of({ id: 7, qty: '0.001', ok: true, name: 'INFY', gone: null }, 'x');
    expect([r.num('id'), r.num('qty'), r.bool('ok'), r.str('name'), r.str('id')]).toEqual([
      7,
      0.001,
      true,
      'INFY',
      '7',
    ]);
    expect([r.numOr('gone', 0), r.optStr('gone'), r.boolOr('missing', false), r.has('gone')]).toEqual([
      0,
      null,
      false,
      false,
    ]);
  });

  it('should fail with KiteDataError naming the path when Kite sends the wrong type', () => {
    const r = KiteRecord.of({ orders: [{ price: 'abc' }] }, 'gtt');
    const error = failure(() => r.records('orders')[0]!.num('price'));
    expect(error).toBeInstanceOf(KiteDataError);
    expect((error as Error).message).toBe('Kite sent an unexpected payload: gtt.orders[0].price is not a number');
    expect(failure(() => KiteRecord.list({}, 'holdings'))).toBeInstanceOf(KiteDataError);
    expect(failure(() => KiteRecord.of([], 'profile'))).toBeInstanceOf(KiteDataError);
  });

  it('should read Kite’s IST wall-clock strings and the client’s Dates as instants, and dates as YYYY-MM-DD', () => {
    const r = KiteRecord.of(
      {
        created_at: '2025-12-02 10:30:00',
        fixed: new Date('2025-12-02T05:00:00Z'),
        day: new Date('2025-12-01T00:00:00Z'),
        text_day: '2021-06-08 00:00:00',
        empty: '',
        bad: 'yesterday',
      },
      'x',
    );
    expect(r.instant('created_at')?.toISOString()).toBe('2025-12-02T05:00:00.000Z');
    expect(r.instant('fixed')?.toISOString()).toBe('2025-12-02T05:00:00.000Z');
    expect(r.instant('empty')).toBeNull();
    expect([r.isoDate('day'), r.isoDate('text_day'), r.isoDate('missing')]).toEqual(['2025-12-01', '2021-06-08', null]);
    expect(failure(() => r.instant('bad'))).toBeInstanceOf(KiteDataError);
    expect(failure(() => r.isoDate('bad'))).toBeInstanceOf(KiteDataError);
  });
});
