import type { LoggerOptions } from 'pino';
import { REDACTED, redactPaths } from './redaction.js';

export interface LoggerSettings {
  level: string;
  format: 'json' | 'pretty';
}

export const pinoOptions = ({ level, format }: LoggerSettings): LoggerOptions => ({
  level,
  base: { service: 'ticker-service' },
  redact: { paths: redactPaths(), censor: REDACTED },
  timestamp: () => `,"time":"${new Date().toISOString()}"`,
  ...(format === 'pretty'
    ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } }
    : {}),
});
