import { describe, expect, it } from 'vitest';
import { effectiveLogFormat, pinoOptions } from './logger-options.js';

describe(effectiveLogFormat.name, () => {
  it('should fall back to JSON when pretty is asked for but pino-pretty is not installed', () => {
    expect(effectiveLogFormat('pretty', () => false)).toEqual({ format: 'json', fellBack: true });
  });

  it('should print pretty when asked for and installed, and JSON when asked for', () => {
    expect(effectiveLogFormat('pretty', () => true)).toEqual({ format: 'pretty', fellBack: false });
    expect(effectiveLogFormat('json', () => false)).toEqual({ format: 'json', fellBack: false });
  });

  it('should find pino-pretty in this (development) install and use it as a transport only for pretty', () => {
    expect(pinoOptions({ level: 'info', format: 'pretty' }).transport).toMatchObject({ target: 'pino-pretty' });
    expect(pinoOptions({ level: 'info', format: 'json' }).transport).toBeUndefined();
  });
});
