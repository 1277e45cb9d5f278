import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const URL_BASE = 'http://simulator.invalid';

export interface UpgradeCredentials {
  apiKey: string;
  accessToken: string;
}

/** Kite's ticker URL is `<root>?api_key=…&access_token=…[&uid=…]` on any path; values are not URL-encoded. */
export const readCredentials = (request: IncomingMessage): UpgradeCredentials => {
  const url = new URL(request.url ?? '/', URL_BASE);
  return {
    apiKey: url.searchParams.get('api_key') ?? '',
    accessToken: url.searchParams.get('access_token') ?? '',
  };
};

export const HANDSHAKE_REJECTION = Object.freeze({
  forbidden: { status: 403, errorType: 'TokenException', message: 'Incorrect `api_key` or `access_token`.' },
  refused: { status: 503, errorType: 'NetworkException', message: 'Service unavailable.' },
  tooManyConnections: {
    status: 429,
    errorType: 'NetworkException',
    message: 'Too many WebSocket connections for this api_key.',
  },
  serverFull: { status: 503, errorType: 'NetworkException', message: 'Too many WebSocket connections.' },
});

export type HandshakeRejection = (typeof HANDSHAKE_REJECTION)[keyof typeof HANDSHAKE_REJECTION];

/** Answers the HTTP upgrade request with an error status (no WebSocket is created) and closes the socket. */
export const rejectUpgrade = (socket: Duplex, rejection: HandshakeRejection): void => {
  const body = JSON.stringify({
    status: 'error',
    message: rejection.message,
    data: null,
    error_type: rejection.errorType,
  });
  const reason = STATUS_CODES[rejection.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${rejection.status} ${reason}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
};
