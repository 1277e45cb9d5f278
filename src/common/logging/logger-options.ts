import { type LoggerOptions, stdSerializers } from 'pino';
import { currentRequestId } from '../http/request-context.js';
import { REDACTED, redactPaths, redactUrlCredentials } from './redaction.js';

export type LogFormat = 'json' | 'pretty';

export interface LoggerSettings {
  level: string;
  format: LogFormat;
}

/** pino-pretty is a development dependency: the production image does not ship it. */
const prettyPrinterInstalled = (): boolean => {
  try {
    import.meta.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
};

/**
 * The format actually used: pretty only when asked for (the development default) and pino-pretty is
 * installed; otherwise JSON, which never needs anything beyond pino. `fellBack` says pretty was asked for
 * but is unavailable (the caller logs it once).
 */
export const effectiveLogFormat = (
  requested: LogFormat,
  installed: () => boolean = prettyPrinterInstalled,
): { format: LogFormat; fellBack: boolean } =>
  requested === 'pretty' && !installed() ? { format: 'json', fellBack: true } : { format: requested, fellBack: false };

export const pinoOptions = ({ level, format: requested }: LoggerSettings): LoggerOptions => {
  const { format } = effectiveLogFormat(requested);
  return {
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
  };
};
