import { type LoggerOptions, stdSerializers } from 'pino';
import { currentRequestId } from '../http/request-context.js';
import { REDACTED, redactPaths, redactUrlCredentials } from './redaction.js';

export interface LoggerSettings {
  level: string;
  format: 'json' | 'pretty';
}

export const pinoOptions = ({ level, format }: LoggerSettings): LoggerOptions => ({
  level,
  base: { service: 'ticker-service' },
  redact: { paths: redactPaths(), censor: REDACTED },
  serializers: {
    // Error texts are free-form and sometimes quote a connection string with its password.
    err: (error: Error) => {
      const serialized = stdSerializers.err(error);
      return {
        ...serialized,
        message: redactUrlCredentials(serialized.message),
        stack: redactUrlCredentials(serialized.stack),
      };
    },
  },
  mixin: () => {
    const reqId = currentRequestId();
    return reqId === undefined ? {} : { reqId };
  },
  timestamp: () => `,"time":"${new Date().toISOString()}"`,
  ...(format === 'pretty'
    ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } }
    : {}),
});
