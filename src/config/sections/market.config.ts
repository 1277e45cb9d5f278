import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { dateStringToDay } from '../../common/time/ist.js';
import { type MarketCalendarSettings, parseSpecialSession } from '../../common/time/nse-calendar.js';
import { defineConfigSection } from '../config-section.js';
import { EnvList } from '../env-decorators.js';

@ValidatorConstraint({ name: 'isDateList' })
class IsDateList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      Array.isArray(value) && value.every((date) => typeof date === 'string' && dateStringToDay(date) !== undefined)
    );
  }

  defaultMessage(): string {
    return '$property must be a comma-separated list of real dates YYYY-MM-DD';
  }
}

@ValidatorConstraint({ name: 'isSpecialSessionList' })
class IsSpecialSessionList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      Array.isArray(value) &&
      value.every((entry) => typeof entry === 'string' && parseSpecialSession(entry) !== undefined)
    );
  }

  defaultMessage(): string {
    return '$property must be a comma-separated list of YYYY-MM-DD@HH:MM-HH:MM (IST, opening before closing)';
  }
}

/** The NSE calendar is src/common/time/nse-holidays.json; these extend it without a release. */
class MarketEnv {
  @EnvList() @IsString({ each: true }) @Validate(IsDateList) MARKET_HOLIDAYS_EXTRA: string[] = [];
  @EnvList() @IsString({ each: true }) @Validate(IsSpecialSessionList) MARKET_SPECIAL_SESSIONS: string[] = [];
}

export const marketConfig = defineConfigSection(MarketEnv, (env): MarketCalendarSettings => ({
  extraHolidays: env.MARKET_HOLIDAYS_EXTRA,
  specialSessions: env.MARKET_SPECIAL_SESSIONS.flatMap((entry) => parseSpecialSession(entry) ?? []),
}));
