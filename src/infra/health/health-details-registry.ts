import { Injectable } from '@nestjs/common';

/** Returns a module's state for /health/details. It must only read: never write, never call Kite. */
export type HealthDetailsProvider = () => unknown;

/** Names /health/details uses itself; a module cannot take them. */
export const RESERVED_DETAIL_NAMES = ['status', 'checkedAt', 'service', 'dependencies'] as const;

/**
 * Named detail providers for GET /health/details (accounts, background tasks, …). Nothing registered here
 * affects readiness: /health/ready covers only what this instance needs to serve its API. One entry per
 * module, so the map is bounded by the number of modules.
 */
@Injectable()
export class HealthDetailsRegistry {
  private readonly providers = new Map<string, HealthDetailsProvider>();

  register(name: string, provider: HealthDetailsProvider): void {
    if ((RESERVED_DETAIL_NAMES as readonly string[]).includes(name) || this.providers.has(name)) {
      throw new Error(`Health details "${name}" is reserved or already registered`);
    }
    this.providers.set(name, provider);
  }

  unregister(name: string): void {
    this.providers.delete(name);
  }

  entries(): [string, HealthDetailsProvider][] {
    return [...this.providers];
  }
}
