import type { IncomingMessage, ServerResponse } from 'node:http';

export type KiteErrorType =
  | 'TokenException'
  | 'UserException'
  | 'OrderException'
  | 'InputException'
  | 'MarginException'
  | 'NetworkException'
  | 'DataException'
  | 'GeneralException'
  | 'PermissionException';

/** An error answered with Kite's envelope `{status:'error', message, data:null, error_type}`. */
export class KiteError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorType: KiteErrorType,
    message: string,
  ) {
    super(message);
  }
}

export const HTTP_OK = 200;
export const HTTP_FOUND = 302;
export const HTTP_BAD_REQUEST = 400;
export const HTTP_FORBIDDEN = 403;
export const HTTP_NOT_FOUND = 404;
export const HTTP_METHOD_NOT_ALLOWED = 405;
export const HTTP_PAYLOAD_TOO_LARGE = 413;
export const HTTP_TOO_MANY = 429;
export const HTTP_INTERNAL = 500;

export const TOKEN_ERROR_MESSAGE = 'Incorrect `api_key` or `access_token`.';
export const tokenError = (): KiteError => new KiteError(HTTP_FORBIDDEN, 'TokenException', TOKEN_ERROR_MESSAGE);
export const inputError = (message: string): KiteError => new KiteError(HTTP_BAD_REQUEST, 'InputException', message);

const JSON_TYPE = 'application/json';

export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

export const sendSuccess = (res: ServerResponse, data: unknown): void =>
  sendJson(res, HTTP_OK, { status: 'success', data });

export const sendKiteError = (res: ServerResponse, error: KiteError): void =>
  sendJson(res, error.httpStatus, { status: 'error', message: error.message, data: null, error_type: error.errorType });

/** Exactly `text/csv` (no charset): the official client only parses the dump on an exact match. */
export const sendCsv = (res: ServerResponse, csv: string): void => {
  res.writeHead(HTTP_OK, { 'Content-Type': 'text/csv', 'Content-Length': Buffer.byteLength(csv) });
  res.end(csv);
};

/** Reads the whole body as UTF-8, refusing more than `limit` bytes. */
export const readText = async (req: IncomingMessage, limit: number): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      throw new KiteError(HTTP_PAYLOAD_TOO_LARGE, 'InputException', 'Request body too large');
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** Reads a form-urlencoded (or JSON) body up to `limit` bytes. */
export const readBody = async (req: IncomingMessage, limit: number): Promise<URLSearchParams> =>
  parseBody(await readText(req, limit), req.headers['content-type']);

/** Form parameters of a body: form-urlencoded, or a JSON object's fields (non-strings as JSON text). */
export const parseBody = (text: string, contentType: string | undefined): URLSearchParams => {
  if ((contentType ?? '').includes('application/json') && text.trim().startsWith('{')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(parsed)) {
      params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    return params;
  }
  return new URLSearchParams(text);
};

/** `Authorization: token api_key:access_token`. */
export const parseAuthorization = (req: IncomingMessage): { apiKey: string; accessToken: string } | undefined => {
  const header = req.headers.authorization;
  if (!header?.startsWith('token ')) {
    return undefined;
  }
  const value = header.slice('token '.length).trim();
  const colon = value.indexOf(':');
  if (colon <= 0) {
    return undefined;
  }
  return { apiKey: value.slice(0, colon), accessToken: value.slice(colon + 1) };
};
