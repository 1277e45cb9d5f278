import type { TickMode } from '../planning/tick-mode.js';

/** What a connection must send to bring Kite from what it was sent to what the plan wants. */
export interface SubscriptionDiff {
  unsubscribe: number[];
  subscribe: number[];
  modes: Record<TickMode, number[]>;
}

/**
 * One connection's share of the plan (`desired`: token → mode) against what it has sent on its current socket
 * (`sent`). Changes mark tokens dirty; `takeDiff()` turns the dirty ones into messages and records them as
 * sent, so whatever order changes arrive in, the next flush sends "desired minus sent". A new socket starts
 * from nothing sent (`forgetSent()`), which makes the next diff the full replay.
 */
export class SubscriptionSync {
  readonly desired = new Map<number, TickMode>();
  private readonly sent = new Map<number, TickMode>();
  private readonly dirty = new Set<number>();

  get sentCount(): number {
    return this.sent.size;
  }

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  assign(token: number, mode: TickMode): void {
    if (this.desired.get(token) !== mode) {
      this.desired.set(token, mode);
      this.dirty.add(token);
    }
  }

  unassign(token: number): void {
    if (this.desired.delete(token)) {
      this.dirty.add(token);
    }
  }

  forgetSent(): void {
    this.sent.clear();
    this.dirty.clear();
    for (const token of this.desired.keys()) {
      this.dirty.add(token);
    }
  }

  takeDiff(): SubscriptionDiff {
    const diff: SubscriptionDiff = { unsubscribe: [], subscribe: [], modes: { ltp: [], quote: [], full: [] } };
    for (const token of this.dirty) {
      const want = this.desired.get(token);
      const have = this.sent.get(token);
      if (want === undefined) {
        if (have !== undefined) {
          diff.unsubscribe.push(token);
          this.sent.delete(token);
        }
      } else if (have !== want) {
        if (have === undefined) {
          diff.subscribe.push(token);
        }
        diff.modes[want].push(token);
        this.sent.set(token, want);
      }
    }
    this.dirty.clear();
    return diff;
  }
}
