import type { AccountStatus } from '../accounts/index.js';
import type { ConnectionState } from './connection/pool-connection.js';
import type { UnplacedReason } from './planning/assignment-planner.js';
import type { TickMode } from './planning/tick-mode.js';

export type { TickMode } from './planning/tick-mode.js';
export type { UnplacedReason } from './planning/assignment-planner.js';
export type { ConnectionState } from './connection/pool-connection.js';

/** Who holds a subscription; a token is streamed while any owner holds it, at the highest mode asked. */
export interface SubscriptionOwner {
  /** Default "default". The Subscriptions module, the strike rebalancer… each use their own. */
  owner?: string;
}

export interface UnplacedGroup {
  reason: UnplacedReason;
  count: number;
  /** Up to UNPLACED_TOKENS_LISTED of them. */
  tokens: number[];
  /** Why, in words, with the numbers (for a 409/422 message). */
  detail: string;
}

export interface CapacityFigures {
  capacity: number;
  used: number;
  free: number;
  utilisation: number;
}

/** The typed answer to subscribe / unsubscribe / setMode: what fits, what does not and why. */
export interface PoolChangeResult {
  /** Distinct tokens in the call. */
  requested: number;
  /** Of those, now placed on a connection (streamed once its socket is open). */
  placed: number;
  /** Kept as desired but placed nowhere (placed later, by themselves, when room appears). */
  unplaced: UnplacedGroup[];
  /** Not kept at all: the pool's bound on desired tokens (or owners per token) was reached. */
  refused: { count: number; tokens: number[]; detail: string } | null;
  /** unsubscribe / setMode on tokens this owner did not hold: nothing was done for them. */
  notHeld: number;
  capacity: CapacityFigures;
}

export interface ConnectionView {
  id: string;
  slot: number;
  state: ConnectionState;
  /** Tokens assigned to this connection by the plan. */
  tokens: number;
  /** Tokens subscribed on the current socket (equal to `tokens` once replayed). */
  subscribed: number;
  modes: Record<TickMode, number>;
  lastFrameAgeMs: number | null;
  lastTickAgeMs: number | null;
  reconnects: number;
  /** Failing to stream for this long (null when streaming or idle). */
  failingForMs: number | null;
  /** Declared down: its tokens were moved elsewhere; it keeps probing. */
  down: boolean;
  lastError: string | null;
  frames: number;
  packets: number;
  heartbeats: number;
  malformedFrames: number;
}

export interface AccountView extends CapacityFigures {
  accountId: string;
  status: AccountStatus;
  /** Receives instruments: active, with at least one connection not down. */
  eligible: boolean;
  connections: ConnectionView[];
}

export interface PoolView {
  accounts: AccountView[];
  desired: number;
  placed: number;
  unplaced: Record<UnplacedReason, number>;
  total: CapacityFigures;
  sinkAttached: boolean;
  handOff: { batches: number; packets: number; discardedBatches: number; discardedPackets: number; sinkErrors: number };
  decodeErrors: Record<string, number>;
}

export interface CapacityView {
  connectionsPerAccount: number;
  instrumentsPerConnection: number;
  warningRatio: number;
  accounts: (CapacityFigures & { accountId: string; eligible: boolean; warning: boolean })[];
  total: CapacityFigures & { warning: boolean };
  unplaced: Record<UnplacedReason, number>;
}

/** One connection's share of the plan (diagnostics and tests: the simulator must show exactly this). */
export interface ConnectionPlan {
  accountId: string;
  connectionId: string;
  state: ConnectionState;
  synced: boolean;
  entries: [token: number, mode: TickMode][];
}

/** How many of some tokens are streaming, waiting for their socket, unplaced, or not desired (see syncStatus). */
export interface SyncStatus {
  streaming: number;
  pending: number;
  unplaced: number;
  notDesired: number;
}
