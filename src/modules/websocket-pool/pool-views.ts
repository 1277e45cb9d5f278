import { performance } from 'node:perf_hooks';
import type { AccountStatus } from '../accounts/index.js';
import type { HandOff } from './connection/frame-receiver.js';
import type { PoolConnection } from './connection/pool-connection.js';
import type { TickDecoder } from './decoder/tick-decoder.js';
import type { UnplacedReason } from './planning/assignment-planner.js';
import type {
  AccountView,
  CapacityFigures,
  CapacityView,
  ConnectionPlan,
  ConnectionView,
  PoolView,
} from './websocket-pool.types.js';

export interface AccountLink {
  accountId: string;
  status: AccountStatus;
  connections: PoolConnection[];
}

export interface ViewInputs {
  links: readonly AccountLink[];
  instrumentsPerConnection: number;
  connectionsPerAccount: number;
  warningRatio: number;
  desired: number;
  placed: number;
  unplaced: ReadonlyMap<number, UnplacedReason>;
  handOff: HandOff;
  decoder: TickDecoder;
}

const RATIO_DIGITS = 4;

export const isEligible = (link: AccountLink): boolean =>
  link.status === 'active' && link.connections.some((c) => !c.down);

const figures = (capacity: number, used: number): CapacityFigures => ({
  capacity,
  used,
  free: Math.max(0, capacity - used),
  utilisation: capacity === 0 ? (used > 0 ? 1 : 0) : Number((used / capacity).toFixed(RATIO_DIGITS)),
});

/** Capacity an account offers now: its connections that are not down, while its session is active. */
export const accountFigures = (link: AccountLink, perConnection: number): CapacityFigures => {
  const healthy = link.status === 'active' ? link.connections.filter((c) => !c.down).length : 0;
  const used = link.connections.reduce((sum, c) => sum + c.desired.size, 0);
  return figures(healthy * perConnection, used);
};

export const totalFigures = (links: readonly AccountLink[], perConnection: number): CapacityFigures => {
  let capacity = 0;
  let used = 0;
  for (const link of links) {
    const account = accountFigures(link, perConnection);
    capacity += account.capacity;
    used += account.used;
  }
  return figures(capacity, used);
};

export const unplacedCounts = (unplaced: ReadonlyMap<number, UnplacedReason>): Record<UnplacedReason, number> => {
  const counts: Record<UnplacedReason, number> = { capacity: 0, no_active_account: 0 };
  for (const reason of unplaced.values()) {
    counts[reason] += 1;
  }
  return counts;
};

const ageMs = (sinceMs: number, now: number): number | null => (sinceMs === 0 ? null : Math.round(now - sinceMs));

const connectionView = (connection: PoolConnection, now: number): ConnectionView => {
  const modes = { ltp: 0, quote: 0, full: 0 };
  for (const mode of connection.desired.values()) {
    modes[mode] += 1;
  }
  const { counters, lastFrameAtMs, lastTickAtMs } = connection.receiver;
  return {
    id: connection.id,
    slot: connection.slot,
    state: connection.state,
    tokens: connection.desired.size,
    subscribed: connection.subscribedCount,
    modes,
    lastFrameAgeMs: ageMs(lastFrameAtMs, now),
    lastTickAgeMs: ageMs(lastTickAtMs, now),
    reconnects: connection.reconnects,
    failingForMs: connection.failingSinceMs === undefined ? null : Math.round(now - connection.failingSinceMs),
    down: connection.down,
    lastError: connection.lastError,
    frames: counters.frames,
    packets: counters.packets,
    heartbeats: counters.heartbeats,
    malformedFrames: counters.malformed,
  };
};

export const poolView = (inputs: ViewInputs): PoolView => {
  const now = performance.now();
  const accounts: AccountView[] = inputs.links.map((link) => ({
    accountId: link.accountId,
    status: link.status,
    eligible: isEligible(link),
    ...accountFigures(link, inputs.instrumentsPerConnection),
    connections: link.connections.map((c) => connectionView(c, now)),
  }));
  const { batches, packets, discardedBatches, discardedPackets, sinkErrors } = inputs.handOff;
  return {
    accounts,
    desired: inputs.desired,
    placed: inputs.placed,
    unplaced: unplacedCounts(inputs.unplaced),
    total: totalFigures(inputs.links, inputs.instrumentsPerConnection),
    sinkAttached: inputs.handOff.attached,
    handOff: { batches, packets, discardedBatches, discardedPackets, sinkErrors },
    decodeErrors: { ...inputs.decoder.errors },
  };
};

export const capacityView = (inputs: ViewInputs): CapacityView => {
  const accounts = inputs.links.map((link) => {
    const account = accountFigures(link, inputs.instrumentsPerConnection);
    return {
      accountId: link.accountId,
      eligible: isEligible(link),
      ...account,
      warning: account.capacity > 0 && account.utilisation >= inputs.warningRatio,
    };
  });
  const total = totalFigures(inputs.links, inputs.instrumentsPerConnection);
  return {
    connectionsPerAccount: inputs.connectionsPerAccount,
    instrumentsPerConnection: inputs.instrumentsPerConnection,
    warningRatio: inputs.warningRatio,
    accounts,
    total: { ...total, warning: total.capacity > 0 && total.utilisation >= inputs.warningRatio },
    unplaced: unplacedCounts(inputs.unplaced),
  };
};

export const planView = (links: readonly AccountLink[]): ConnectionPlan[] =>
  links.flatMap((link) =>
    link.connections.map((connection) => ({
      accountId: link.accountId,
      connectionId: connection.id,
      state: connection.state,
      synced: connection.synced,
      entries: [...connection.desired.entries()].sort((a, b) => a[0] - b[0]),
    })),
  );
