import { isTickMode, type TickMode } from './planning/tick-mode.js';
import { InvalidInstrumentTokensError, InvalidOwnerError, InvalidTickModeError } from './websocket-pool.errors.js';
import type { SubscriptionOwner } from './websocket-pool.types.js';

const MAX_TOKEN = 0xffff_ffff;
const MAX_OWNER_LENGTH = 64;
export const DEFAULT_OWNER = 'default';

/** Distinct valid tokens, in first-seen order; anything else is a 400 naming the field. */
export const validTokens = (tokens: readonly unknown[]): number[] => {
  const invalid = tokens.filter((t) => typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > MAX_TOKEN);
  if (invalid.length > 0) {
    throw new InvalidInstrumentTokensError('tokens', invalid);
  }
  return [...new Set(tokens as number[])];
};

export const validMode = (mode: unknown): TickMode => {
  if (!isTickMode(mode)) {
    throw new InvalidTickModeError('mode', mode);
  }
  return mode;
};

export const ownerOf = (options: SubscriptionOwner | undefined): string => {
  const owner = options?.owner ?? DEFAULT_OWNER;
  if (typeof owner !== 'string' || owner.length === 0 || owner.length > MAX_OWNER_LENGTH) {
    throw new InvalidOwnerError(owner);
  }
  return owner;
};
