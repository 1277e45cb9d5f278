import { IsIn, IsOptional, Validate, ValidatorConstraint, type ValidationArguments } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { CLOCK_MODES, type ClockMode } from '../../common/time/clock.js';
import { parseInstant } from '../../common/time/ist.js';
import { defineConfigSection } from '../config-section.js';
import { EnvString } from '../env-decorators.js';

/** A pinned or shifted clock is for tests and demos: production always runs on the real clock. */
@ValidatorConstraint({ name: 'isRealClockInProduction' })
class IsRealClockInProduction implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return value === 'real' || (args.object as { NODE_ENV?: unknown }).NODE_ENV !== 'production';
  }

  defaultMessage(): string {
    return '$property must be real when NODE_ENV=production (fixed and shifted clocks are for tests and demos)';
  }
}

@ValidatorConstraint({ name: 'isInstant' })
class IsInstant implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return parseInstant(value) !== undefined;
  }

  defaultMessage(): string {
    return '$property must be an IST "yyyy-mm-dd hh:mm:ss", an ISO 8601 instant or epoch milliseconds';
  }
}

class ClockEnv {
  @EnvString() @IsIn(CLOCK_MODES) @Validate(IsRealClockInProduction) CLOCK_MODE: ClockMode = 'real';
  @EnvString() @IsOptional() @Validate(IsInstant) CLOCK_AT?: string;
}

export interface ClockConfig {
  mode: ClockMode;
  /** fixed: the frozen instant (default: start time); shifted: what the clock reads at start. */
  atMs: number | undefined;
}

export const clockConfig = defineConfigSection(ClockEnv, (env): ClockConfig => ({
  mode: env.CLOCK_MODE,
  atMs: parseInstant(env.CLOCK_AT),
}));
