import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { createKiteParser, type ParsedTick } from './kite-parser.js';

export type Received =
  | { kind: 'binary'; at: number; data: ArrayBuffer }
  | { kind: 'text'; at: number; data: { type: string; data: unknown } | string };

const parse = createKiteParser();

/** The handshake failed: the server answered the upgrade with this HTTP status. */
export class HandshakeRejected extends Error {
  constructor(readonly status: number) {
    super(`Upgrade rejected with HTTP ${status}`);
  }
}

/** A raw `ws` client that records every message and decodes binary frames with kiteconnect's parser. */
export class TestClient {
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const at = performance.now();
      if (isBinary) {
        this.received.push({ kind: 'binary', at, data: data as ArrayBuffer });
        return;
      }
      const text = (data as Buffer).toString('utf8');
      try {
        this.received.push({ kind: 'text', at, data: JSON.parse(text) as { type: string; data: unknown } });
      } catch {
        this.received.push({ kind: 'text', at, data: text });
      }
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
    );
  }

  static connect(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { 'X-Kite-Version': '3' } });
      socket.binaryType = 'arraybuffer';
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (request, response) => {
        reject(new HandshakeRejected(response.statusCode ?? 0));
        request.destroy();
      });
      socket.once('error', (error) => reject(error));
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(tokens: number[], mode?: 'ltp' | 'quote' | 'full'): void {
    this.send({ a: 'subscribe', v: tokens });
    if (mode !== undefined) {
      this.send({ a: 'mode', v: [mode, tokens] });
    }
  }

  /** Binary frames longer than one byte, decoded by kiteconnect's own parser. */
  ticks(from = 0): ParsedTick[] {
    return this.binaryFrames(from)
      .filter((frame) => frame.byteLength > 2)
      .flatMap((frame) => parse(frame));
  }

  /** Ticks of the message at `index` of `received` (none for text frames and heartbeats). */
  ticksAt(index: number): ParsedTick[] {
    const message = this.received[index];
    return message?.kind === 'binary' && message.data.byteLength > 2 ? parse(message.data) : [];
  }

  binaryFrames(from = 0): ArrayBuffer[] {
    return this.received.slice(from).flatMap((m) => (m.kind === 'binary' ? [m.data] : []));
  }

  heartbeats(from = 0): Received[] {
    return this.received.slice(from).filter((m) => m.kind === 'binary' && m.data.byteLength === 1);
  }

  texts(type?: string): { type: string; data: unknown }[] {
    return this.received.flatMap((m) =>
      m.kind === 'text' && typeof m.data === 'object' && (type === undefined || m.data.type === type) ? [m.data] : [],
    );
  }

  close(): void {
    this.socket.terminate();
  }
}
