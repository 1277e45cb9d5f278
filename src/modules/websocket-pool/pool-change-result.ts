import type { WebSocketPoolConfig } from '../../config/sections/websocket-pool.config.js';
import type { UnplacedReason } from './planning/assignment-planner.js';
import { isEligible, totalFigures, type AccountLink } from './pool-views.js';
import type { PoolChangeResult, UnplacedGroup } from './websocket-pool.types.js';

/** Tokens listed per unplaced or refused group (the count is always complete). */
export const LISTED_TOKENS = 100;

interface ResultInputs {
  requested: readonly number[];
  refused: readonly number[];
  notHeld: number;
  placedOf: (token: number) => boolean;
  unplaced: ReadonlyMap<number, UnplacedReason>;
  links: readonly AccountLink[];
  settings: WebSocketPoolConfig;
}

const explain = (reason: UnplacedReason, inputs: ResultInputs): string => {
  const { links, settings } = inputs;
  if (reason === 'no_active_account') {
    const states = links.map((l) => `${l.accountId}: ${l.status}`).join(', ');
    return links.length === 0
      ? 'no Kite account is configured'
      : `no Kite account has an active session and a live ticker connection (${states})`;
  }
  const total = totalFigures(links, settings.instrumentsPerConnection);
  const eligible = links.filter(isEligible).length;
  return (
    `every ticker connection is full: ${eligible} eligible account(s), ${total.capacity} instruments ` +
    `(${settings.connectionsPerAccount} connections × ${settings.instrumentsPerConnection} per account, ` +
    `connections down excluded), ${total.used} in use`
  );
};

/** What a subscribe / unsubscribe / setMode call achieved, in the terms a 409/422 answer needs. */
export const changeResult = (inputs: ResultInputs): PoolChangeResult => {
  const refusedSet = new Set(inputs.refused);
  const byReason = new Map<UnplacedReason, number[]>();
  let placed = 0;
  for (const token of inputs.requested) {
    if (inputs.placedOf(token)) {
      placed += 1;
      continue;
    }
    const reason = inputs.unplaced.get(token);
    if (reason !== undefined && !refusedSet.has(token)) {
      const list = byReason.get(reason) ?? [];
      list.push(token);
      byReason.set(reason, list);
    }
  }
  const unplaced: UnplacedGroup[] = [...byReason].map(([reason, tokens]) => ({
    reason,
    count: tokens.length,
    tokens: tokens.slice(0, LISTED_TOKENS),
    detail: explain(reason, inputs),
  }));
  const { settings } = inputs;
  const total = totalFigures(inputs.links, settings.instrumentsPerConnection);
  return {
    requested: inputs.requested.length,
    placed,
    unplaced,
    refused:
      inputs.refused.length === 0
        ? null
        : {
            count: inputs.refused.length,
            tokens: inputs.refused.slice(0, LISTED_TOKENS),
            detail:
              `the pool keeps at most ${settings.maxDesiredTokens} instruments (WS_POOL_MAX_DESIRED_TOKENS) ` +
              `and ${settings.maxOwnersPerToken} owners per instrument (WS_POOL_MAX_OWNERS_PER_TOKEN)`,
          },
    notHeld: inputs.notHeld,
    capacity: { capacity: total.capacity, used: total.used, free: total.free, utilisation: total.utilisation },
  };
};
