import { NotFoundError } from '../../common/errors/index.js';

export class InstrumentNotFoundError extends NotFoundError {
  constructor(token: number) {
    super('INSTRUMENT_NOT_FOUND', `No instrument with token ${token}`, { instrumentToken: token });
  }
}

export class OptionChainNotFoundError extends NotFoundError {
  constructor(underlying: string, expiry: string | undefined) {
    super(
      'OPTION_CHAIN_NOT_FOUND',
      expiry === undefined
        ? `No live option expiry for ${underlying}`
        : `No live options for ${underlying} expiring ${expiry}`,
      { underlying, expiry },
    );
  }
}
