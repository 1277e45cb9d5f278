import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { IsIsoCalendarDate, isIsoCalendarDate } from './is-iso-calendar-date.js';

class Query {
  @IsIsoCalendarDate() expiry!: string;
}

describe('IsIsoCalendarDate', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31', '2027-01-01', '2000-02-29'])(
    'should accept the existing date %s',
    (value) => {
      expect(isIsoCalendarDate(value)).toBe(true);
    },
  );

  it.each(['2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-5', '26-01-05'])(
    'should refuse %s',
    (value) => {
      expect(isIsoCalendarDate(value)).toBe(false);
    },
  );

  it('should name the field and the rule', () => {
    const [error] = validateSync(plainToInstance(Query, { expiry: '2026-02-30' }));
    expect(error?.property).toBe('expiry');
    expect(error?.constraints).toEqual({ isIsoCalendarDate: 'expiry must be an existing calendar date YYYY-MM-DD' });
  });
});
