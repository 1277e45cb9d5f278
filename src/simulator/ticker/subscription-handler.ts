import type { MarketView } from '../contracts/simulator.contracts.js';
import { parseClientMessage, type ClientMessage } from './client-messages.js';
import type { TickMode } from './packet-encoder.js';
import type { TickScheduler } from './tick-scheduler.js';
import type { TickerConnection } from './ticker-connection.js';
import type { TickerOptions } from './ticker-options.js';

export interface SubscriptionDeps {
  market: MarketView;
  scheduler: TickScheduler;
  options: TickerOptions;
}

/** Applies one client text message to a connection's subscriptions; protocol errors go back as error frames. */
export const handleClientText = (connection: TickerConnection, text: string, deps: SubscriptionDeps): void => {
  const parsed = parseClientMessage(text);
  if (!parsed.ok) {
    connection.sendText('error', parsed.error);
    return;
  }
  applyMessage(connection, parsed.message, deps);
};

const applyMessage = (connection: TickerConnection, message: ClientMessage, deps: SubscriptionDeps): void => {
  switch (message.action) {
    case 'subscribe':
      subscribe(connection, message.tokens, deps);
      return;
    case 'unsubscribe':
      for (const token of message.tokens) {
        connection.subscriptions.delete(token);
      }
      return;
    case 'mode':
      setMode(connection, message.mode, message.tokens, deps);
      return;
  }
};

/**
 * Unknown tokens are ignored (Kite streams nothing for them). Tokens beyond the per-connection cap are not
 * subscribed and are reported in one error text frame; the connection stays up.
 */
const subscribe = (connection: TickerConnection, tokens: readonly number[], deps: SubscriptionDeps): void => {
  const { market, scheduler, options } = deps;
  const added: number[] = [];
  let rejected = 0;
  for (const token of tokens) {
    if (connection.subscriptions.has(token) || market.instrument(token) === undefined) {
      continue;
    }
    if (connection.subscriptions.size >= options.maxInstrumentsPerConnection) {
      rejected += 1;
      continue;
    }
    connection.subscriptions.set(token, { token, mode: options.defaultMode, nextDueMs: scheduler.firstDueMs() });
    added.push(token);
  }
  if (rejected > 0) {
    connection.sendText(
      'error',
      `Maximum ${options.maxInstrumentsPerConnection} instruments per connection; ${rejected} not subscribed`,
    );
  }
  scheduler.sendSnapshot(connection, added);
};

const setMode = (connection: TickerConnection, mode: TickMode, tokens: readonly number[], deps: SubscriptionDeps) => {
  const changed: number[] = [];
  for (const token of tokens) {
    const subscription = connection.subscriptions.get(token);
    if (subscription !== undefined) {
      subscription.mode = mode;
      changed.push(token);
    }
  }
  deps.scheduler.sendSnapshot(connection, changed);
};
