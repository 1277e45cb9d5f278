import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './client-messages.js';

describe('parseClientMessage', () => {
  it('reads Kite subscribe, unsubscribe and mode messages', () => {
    expect(parseClientMessage('{"a":"subscribe","v":[408065,884737]}')).toEqual({
      ok: true,
      message: { action: 'subscribe', tokens: [408065, 884737] },
    });
    expect(parseClientMessage('{"a":"unsubscribe","v":[408065]}')).toEqual({
      ok: true,
      message: { action: 'unsubscribe', tokens: [408065] },
    });
    expect(parseClientMessage('{"a":"mode","v":["full",[408065]]}')).toEqual({
      ok: true,
      message: { action: 'mode', mode: 'full', tokens: [408065] },
    });
  });

  it('accepts numeric strings (the JS client sends tokens as given) and drops non-tokens', () => {
    expect(parseClientMessage('{"a":"subscribe","v":["256265",1.5,-3,null,"x",260105]}')).toEqual({
      ok: true,
      message: { action: 'subscribe', tokens: [256265, 260105] },
    });
  });

  it.each([
    ['not json', '{nope'],
    ['not an object', '42'],
    ['an unknown action', '{"a":"dance","v":[1]}'],
    ['a missing token list', '{"a":"subscribe"}'],
    ['an unknown mode', '{"a":"mode","v":["turbo",[1]]}'],
    ['a malformed mode value', '{"a":"mode","v":"full"}'],
  ])('rejects %s with an error message', (_what, text) => {
    const parsed = parseClientMessage(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(/^Invalid/);
  });
});
