import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const MAX_REQUEST_ID_LENGTH = 128;
const SAFE_REQUEST_ID = /^[\w.:/@+=-]+$/;

/**
 * Reuses the caller's x-request-id when it is safe to echo and log; otherwise makes a new one.
 * The chosen id is written back onto the raw request so the logger sees the same value.
 */
export const assignRequestId = (req: IncomingMessage): string => {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  const id =
    candidate !== undefined && candidate.length <= MAX_REQUEST_ID_LENGTH && SAFE_REQUEST_ID.test(candidate)
      ? candidate
      : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  return id;
};
