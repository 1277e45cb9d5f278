/** Field names whose values must never reach a log line, at any of the first three nesting levels. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'access_token',
  'accessToken',
  'api_secret',
  'apiSecret',
  'request_token',
  'requestToken',
  'refresh_token',
  'enctoken',
  'encryptionKey',
  'encryption_key',
  'secret',
  'token',
  'checksum',
];

export const REDACTED = '[REDACTED]';

export const redactPaths = (): string[] =>
  SECRET_FIELDS.flatMap((field) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
    return [key.startsWith('[') ? key.slice(2, -2) : key, join('*'), join('*.*'), join('req.headers')];
  }).filter((path, index, all) => all.indexOf(path) === index);

/** user:password in connection strings (postgres://u:p@h, redis://:p@h) inside free text such as error messages. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

export const redactUrlCredentials = (text: string): string => text.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
