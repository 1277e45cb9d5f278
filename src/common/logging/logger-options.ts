import type { LoggerOptions } from 'pino';
import { currentRequestId } from '../http/request-context.js';
import { REDACTED, redactPaths } from './redaction.js';

export interface LoggerSettings {
  level: string;
  format: 'json' | 'pretty';
}

export const pinoOptions = ({ level, format }: LoggerSettings): LoggerOptions => ({
  level,
  base: { service: 'ticker-service' },
  redact: { paths: redactPaths(), censor: REDACTED },
  mixin: () => {
    const reqId = currentRequestId();
    return reqId === undefined ? {} : { reqId };
  },
  timestamp: () => `,"time":"${new Date().toISOString()}"`,
  ...(format === 'pretty'
    ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } }
    : {}),
});
