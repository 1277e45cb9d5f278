import type { IncomingHttpHeaders } from 'node:http';
import { invalidCredentials } from '../auth.errors.js';
import { looksLikeApiKey } from '../api-keys/api-key-format.js';
import { looksLikeJwt } from '../jwt/jwt-verifier.js';

export const API_KEY_HEADER = 'x-api-key';
const AUTHORIZATION = /^(Bearer|ApiKey)\s+(\S+)\s*$/i;
const MAX_CREDENTIAL_LENGTH = 8_192;

const single = (value: string | string[] | undefined): string | undefined => {
  if (Array.isArray(value)) {
    // Two Authorization or X-API-Key headers: refuse rather than guess which one counts.
    throw invalidCredentials();
  }
  return value;
};

/**
 * The credential of an HTTP request: `X-API-Key: <key>`, `Authorization: Bearer <key or JWT>` or
 * `Authorization: ApiKey <key>`. Never the query string (it ends up in logs and browser history).
 * Undefined when none is sent; a malformed or ambiguous one is refused.
 */
export const credentialFromHeaders = (headers: IncomingHttpHeaders): string | undefined => {
  const apiKey = single(headers[API_KEY_HEADER])?.trim();
  const authorization = single(headers.authorization);
  let bearer: string | undefined;
  if (authorization !== undefined) {
    const match = AUTHORIZATION.exec(authorization);
    if (!match?.[2]) {
      throw invalidCredentials();
    }
    bearer = match[2];
  }
  if (apiKey !== undefined && bearer !== undefined && apiKey !== bearer) {
    throw invalidCredentials();
  }
  const credential = apiKey || bearer;
  if (credential !== undefined && credential.length > MAX_CREDENTIAL_LENGTH) {
    throw invalidCredentials();
  }
  return credential;
};

/**
 * The credential offered in `Sec-WebSocket-Protocol` (browsers cannot set other headers on a WebSocket):
 * the client lists its protocol (e.g. `ticker.v1`) and its API key or JWT; the server must select the
 * protocol, never echo the credential back.
 */
export const credentialFromWebSocketProtocols = (header: string | string[] | undefined): string | undefined => {
  const offered = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0 && item.length <= MAX_CREDENTIAL_LENGTH);
  return offered.find((item) => looksLikeApiKey(item) || looksLikeJwt(item));
};
