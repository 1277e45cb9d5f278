import type { MalformedFrameKind, TickerFaults } from '../contracts/simulator.contracts.js';
import { bad, numberField, scopeOf, type Json } from './control-parsing.js';

const MALFORMED_KINDS: readonly MalformedFrameKind[] = ['truncated', 'bad-length', 'garbage', 'short-packet'];

/** /__sim/ticker/…: pass-through to the WebSocket ticker's fault hooks. */
export const tickerControl = (
  ticker: TickerFaults | undefined,
  method: string,
  path: string,
  body: Json,
  query: URLSearchParams = new URLSearchParams(),
): unknown => {
  if (!ticker) {
    throw bad('The WebSocket ticker is not running');
  }
  const scope = scopeOf(body);
  const durationMs = numberField(body, 'durationMs') ?? 0;
  switch (`${method} ${path}`) {
    case 'GET /connections':
      return ticker.connections(query.get('subscriptions') === 'true');
    case 'POST /drop':
      return { affected: ticker.drop(scope) };
    case 'POST /close':
      return {
        affected: ticker.close(
          scope,
          numberField(body, 'code'),
          typeof body.reason === 'string' ? body.reason : undefined,
        ),
      };
    case 'POST /stall-ticks':
      return { affected: ticker.stallTicks(scope, durationMs) };
    case 'POST /stall-all':
      return { affected: ticker.stallAll(scope, durationMs) };
    case 'POST /malformed': {
      const kind = body.kind as MalformedFrameKind;
      if (!MALFORMED_KINDS.includes(kind)) {
        throw bad(`kind must be one of ${MALFORMED_KINDS.join(', ')}`);
      }
      return { affected: ticker.sendMalformed(scope, kind, numberField(body, 'count')) };
    }
    case 'POST /refuse':
      if (typeof body.apiKey !== 'string') {
        throw bad('apiKey is required');
      }
      ticker.refuseConnections(body.apiKey, durationMs);
      return { refused: body.apiKey, durationMs };
    case 'POST /clear':
      ticker.clear();
      return { cleared: true };
    default:
      return undefined;
  }
};
