import { TICK_MODES, type TickMode } from './packet-encoder.js';

/** A client → server message of Kite's ticker protocol (kite-protocol.md §2.6). */
export type ClientMessage =
  | { action: 'subscribe'; tokens: number[] }
  | { action: 'unsubscribe'; tokens: number[] }
  | { action: 'mode'; mode: TickMode; tokens: number[] };

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; error: string };

const fail = (error: string): ParsedClientMessage => ({ ok: false, error });

const isTickMode = (value: unknown): value is TickMode => TICK_MODES.includes(value as TickMode);

/**
 * Kite's JS client sends tokens as given, so strings of digits are accepted too; anything that is not a
 * positive integer token is dropped (the real server ignores what it cannot subscribe).
 */
const toTokens = (value: unknown): number[] | undefined => {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const tokens: number[] = [];
  for (const item of value as unknown[]) {
    const token = typeof item === 'string' && item.trim() !== '' ? Number(item) : item;
    if (typeof token === 'number' && Number.isInteger(token) && token > 0 && token <= 0xffffffff) {
      tokens.push(token);
    }
  }
  return tokens;
};

export const parseClientMessage = (text: string): ParsedClientMessage => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('Invalid message: not JSON');
  }
  if (typeof raw !== 'object' || raw === null) {
    return fail('Invalid message: expected an object with "a" and "v"');
  }
  const { a: action, v: value } = raw as { a?: unknown; v?: unknown };
  if (action === 'subscribe' || action === 'unsubscribe') {
    const tokens = toTokens(value);
    return tokens ? { ok: true, message: { action, tokens } } : fail(`Invalid ${action}: "v" must be a token list`);
  }
  if (action === 'mode') {
    if (!Array.isArray(value) || value.length !== 2 || !isTickMode(value[0])) {
      return fail('Invalid mode: "v" must be ["ltp"|"quote"|"full", [tokens]]');
    }
    const tokens = toTokens(value[1]);
    return tokens ? { ok: true, message: { action, mode: value[0], tokens } } : fail('Invalid mode: token list');
  }
  return fail('Invalid message: unknown action');
};
