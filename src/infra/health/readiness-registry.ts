import { Injectable } from '@nestjs/common';

export interface ReadinessOutcome {
  up: boolean;
  details: Record<string, unknown>;
}

export type ReadinessCheck = () => Promise<ReadinessOutcome>;

export const KITE_INDICATOR = 'kite';

/**
 * The readiness checks beyond Postgres and Redis. Modules register theirs at init; the Kite slot exists
 * from the start and reports "not configured" until the Accounts module fills it.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>([
    [KITE_INDICATOR, () => Promise.resolve({ up: true, details: { state: 'not configured' } })],
  ]);

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks];
  }
}
