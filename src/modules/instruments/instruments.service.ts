import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/index.js';
import { expiryCutAt } from './contract-expiry.js';
import { InstrumentNotFoundError, OptionChainNotFoundError } from './instruments.errors.js';
import type { InstrumentFilter, OptionChainRow, StoredInstrument } from './instrument.types.js';
import { InstrumentRepository } from './persistence/instrument.repository.js';

export interface OptionChain {
  underlying: string;
  expiry: string;
  strikes: OptionChainRow[];
}

/** Read side of the instrument master: lookups by token and symbol, expiries, option chains. */
@Injectable()
export class InstrumentsService {
  constructor(
    private readonly repository: InstrumentRepository,
    private readonly clock: Clock,
  ) {}

  async byToken(token: number): Promise<StoredInstrument> {
    const instrument = await this.repository.findByToken(token);
    if (!instrument) {
      throw new InstrumentNotFoundError(token);
    }
    return instrument;
  }

  /** The live instrument with this exchange tradingsymbol, if any. */
  async byTradingsymbol(exchange: string, tradingsymbol: string): Promise<StoredInstrument | undefined> {
    const { items } = await this.repository.search({ exchange, tradingsymbol }, 1, 0);
    return items[0];
  }

  search(
    filter: InstrumentFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: StoredInstrument[]; total: number }> {
    return this.repository.search(filter, limit, offset);
  }

  /**
   * Option expiries of the underlying still trading, nearest first: today's expiry counts until its close
   * (15:30 IST for NFO), after which the next one is the nearest.
   */
  nearestExpiries(underlying: string, count: number): Promise<string[]> {
    return this.repository.optionExpiries(underlying, expiryCutAt(this.clock.now()), count);
  }

  /** The chain for `expiry`, or for the nearest live expiry when none is given. */
  async optionChain(underlying: string, expiry?: string): Promise<OptionChain> {
    const resolved = expiry ?? (await this.nearestExpiries(underlying, 1))[0];
    if (resolved === undefined) {
      throw new OptionChainNotFoundError(underlying, expiry);
    }
    const strikes = await this.repository.optionChain(underlying, resolved);
    if (strikes.length === 0) {
      throw new OptionChainNotFoundError(underlying, resolved);
    }
    return { underlying, expiry: resolved, strikes };
  }
}
