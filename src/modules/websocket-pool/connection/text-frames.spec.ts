import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderUpdateEnvelope } from '../../../common/market-data/index.js';
import { ControllableClock } from '../../../common/time/index.js';
import { OrderUpdateBus } from '../../../infra/events/index.js';
import { LogThrottle } from './log-throttle.js';
import { TextFrameRouter } from './text-frames.js';

const AT_MS = Date.UTC(2026, 10, 25, 5, 30);

describe(TextFrameRouter.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  const setup = () => {
    const bus = new OrderUpdateBus();
    const received: OrderUpdateEnvelope[] = [];
    bus.subscribe((envelope) => received.push(envelope));
    return { received, sut: new TextFrameRouter(bus, ControllableClock.fixedAt(AT_MS), new LogThrottle(60_000)) };
  };

  it('should publish order updates on the bus with the account, connection and receive time', () => {
    const { sut, received } = setup();
    const update = { order_id: '1912250000000001', status: 'COMPLETE', tradingsymbol: 'NIFTY25D0224000CE' };
    expect(sut.route(JSON.stringify({ type: 'order', data: update }), 'alpha', 'alpha#1')).toBe('order');
    expect(received).toEqual([
      { accountId: 'alpha', connectionId: 'alpha#1', source: 'websocket', receivedAtMs: AT_MS, update },
    ]);
  });

  it('should count error, message, unknown and non-JSON frames without publishing them', () => {
    const { sut, received } = setup();
    sut.route(
      JSON.stringify({ type: 'error', data: 'Maximum 3000 instruments per connection; 2 not subscribed' }),
      'a',
      'a#1',
    );
    sut.route(JSON.stringify({ type: 'message', data: 'Broker alert' }), 'a', 'a#1');
    sut.route(JSON.stringify({ type: 'surprise' }), 'a', 'a#1');
    sut.route('not json', 'a', 'a#1');
    sut.route(JSON.stringify({ type: 'order', data: { no: 'order id' } }), 'a', 'a#1');
    expect(received).toEqual([]);
    expect(sut.counts).toEqual({ order: 0, error: 1, message: 1, other: 2, invalid: 1 });
  });
});
