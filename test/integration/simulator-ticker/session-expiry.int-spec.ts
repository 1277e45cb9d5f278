import { afterEach, describe, expect, it, vi } from 'vitest';
import { startKiteSimulator, type KiteSimulator } from '../../../src/simulator/simulator.js';
import { control } from '../simulator/sim-test-kit.js';
import { HandshakeRejected, TestClient } from './support/test-client.js';
import { tickerUrl } from './support/ticker-harness.js';

const API_KEY = 'simkey';
const TOKEN = 'simtoken';
const SECOND_TOKEN = 'simtoken2';
const ABNORMAL_CLOSURE = 1006;

interface ListedConnection {
  connectionId: string;
  subscriptions?: [number, string][];
}

describe('ticker control: subscriptions listing and token expiry mid-stream', () => {
  let sim: KiteSimulator | undefined;
  afterEach(async () => {
    await sim?.handle.stop();
    sim = undefined;
  });

  it('should list every connection’s subscriptions with the mode each token streams at', async () => {
    sim = await startKiteSimulator({ clock: { phaseOverride: 'open' } });
    const client = await TestClient.connect(tickerUrl(sim.wsUrl, API_KEY, TOKEN));
    const [a, b, c] = sim.model.instruments().map((i) => i.instrumentToken);
    client.subscribe([a!, b!], 'full');
    client.subscribe([c!]);
    client.send({ a: 'mode', v: ['ltp', [b!]] });
    const listed = await vi.waitFor(async () => {
      const connections = await control<ListedConnection[]>(sim!, 'GET', '/ticker/connections?subscriptions=true');
      expect(connections[0]?.subscriptions).toHaveLength(3);
      return connections;
    });
    expect(listed[0]!.subscriptions).toEqual(
      [
        [a, 'full'],
        [b, 'ltp'],
        [c, 'quote'],
      ].sort((x, y) => (x[0] as number) - (y[0] as number)),
    );
    expect((await control<ListedConnection[]>(sim, 'GET', '/ticker/connections'))[0]).not.toHaveProperty(
      'subscriptions',
    );
    client.close();
  });

  it('should drop the sockets of an expired token and answer its next upgrade with 403, other tokens unaffected', async () => {
    sim = await startKiteSimulator({ clock: { phaseOverride: 'open' } });
    await control(sim, 'POST', '/sessions/grant', { apiKey: API_KEY, accessToken: SECOND_TOKEN });
    const expiring = await TestClient.connect(tickerUrl(sim.wsUrl, API_KEY, TOKEN));
    const surviving = await TestClient.connect(tickerUrl(sim.wsUrl, API_KEY, SECOND_TOKEN));
    expect(await control(sim, 'POST', '/ticker/expire-session', { apiKey: API_KEY, accessToken: TOKEN })).toEqual({
      expired: 1,
      dropped: 1,
    });
    expect((await expiring.closed).code).toBe(ABNORMAL_CLOSURE);
    await expect(TestClient.connect(tickerUrl(sim.wsUrl, API_KEY, TOKEN))).rejects.toEqual(new HandshakeRejected(403));
    expect(surviving.socket.readyState).toBe(surviving.socket.OPEN);
    expect(await control(sim, 'POST', '/ticker/expire-session', { apiKey: API_KEY })).toEqual({
      expired: 1,
      dropped: 1,
    });
    expect((await surviving.closed).code).toBe(ABNORMAL_CLOSURE);
  });
});
