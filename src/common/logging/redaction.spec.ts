import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { pinoOptions } from './logger-options.js';

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino(pinoOptions({ level: 'info', format: 'json' }), stream), lines };
};

describe('log redaction', () => {
  it('should never write secrets, at the top level or nested', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        access_token: 'tok-AAA',
        apiSecret: 'sec-BBB',
        password: 'pw-CCC',
        account: { api_secret: 'sec-DDD', accessToken: 'tok-EEE', encryptionKey: 'key-FFF' },
        req: { headers: { authorization: 'token key:tok-GGG', cookie: 'session=HHH' } },
        nested: { deeper: { request_token: 'rt-III', checksum: 'cs-JJJ' } },
        symbol: 'NIFTY25DECFUT',
      },
      'login finished',
    );
    const output = lines.join('');
    for (const secret of ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH', 'III', 'JJJ']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[REDACTED]');
    expect(output).toContain('NIFTY25DECFUT');
  });

  it('should mask passwords of connection strings quoted in error messages and stacks', () => {
    const { logger, lines } = capture();
    logger.error(
      { err: new Error('cannot reach postgres://admin:hunter2@db:5432/prod or redis://:s3cret@cache') },
      'boom',
    );
    const output = lines.join('');
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('s3cret');
    expect(output).toContain('postgres://admin:[REDACTED]@db:5432/prod');
  });
});
