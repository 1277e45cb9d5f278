import type { FaultScope } from '../contracts/simulator.contracts.js';
import type { TickerConnection } from './ticker-connection.js';

/** Refusal windows kept at once; when full, expired entries are pruned and then the oldest is forgotten. */
const MAX_REFUSED_API_KEYS = 10_000;

/** The live connections (bounded by the server's admission checks) and the per-api-key refusal windows. */
export class ConnectionRegistry {
  private readonly byId = new Map<string, TickerConnection>();
  private readonly refusedUntil = new Map<string, number>();
  private nextSequence = 1;

  get size(): number {
    return this.byId.size;
  }

  nextConnectionId(): string {
    const id = `ws-${this.nextSequence}`;
    this.nextSequence += 1;
    return id;
  }

  add(connection: TickerConnection): void {
    this.byId.set(connection.connectionId, connection);
  }

  remove(connection: TickerConnection): void {
    this.byId.delete(connection.connectionId);
  }

  all(): IterableIterator<TickerConnection> {
    return this.byId.values();
  }

  countForApiKey(apiKey: string): number {
    let count = 0;
    for (const connection of this.byId.values()) {
      if (connection.apiKey === apiKey) {
        count += 1;
      }
    }
    return count;
  }

  forUser(userId: string): TickerConnection[] {
    return [...this.byId.values()].filter((connection) => connection.userId === userId);
  }

  select(scope: FaultScope): TickerConnection[] {
    const connections = [...this.byId.values()];
    if ('all' in scope) {
      return connections;
    }
    if ('connectionId' in scope) {
      return connections.filter((connection) => connection.connectionId === scope.connectionId);
    }
    return connections.filter((connection) => connection.apiKey === scope.apiKey);
  }

  refuse(apiKey: string, untilMs: number, nowMs: number): void {
    if (!this.refusedUntil.has(apiKey) && this.refusedUntil.size >= MAX_REFUSED_API_KEYS) {
      this.pruneRefusals(nowMs);
      const oldest = this.refusedUntil.keys().next();
      if (this.refusedUntil.size >= MAX_REFUSED_API_KEYS && oldest.done !== true) {
        this.refusedUntil.delete(oldest.value);
      }
    }
    this.refusedUntil.set(apiKey, untilMs);
  }

  isRefused(apiKey: string, nowMs: number): boolean {
    const until = this.refusedUntil.get(apiKey);
    if (until === undefined) {
      return false;
    }
    if (nowMs >= until) {
      this.refusedUntil.delete(apiKey);
      return false;
    }
    return true;
  }

  clearRefusals(): void {
    this.refusedUntil.clear();
  }

  private pruneRefusals(nowMs: number): void {
    for (const [apiKey, until] of this.refusedUntil) {
      if (nowMs >= until) {
        this.refusedUntil.delete(apiKey);
      }
    }
  }
}
