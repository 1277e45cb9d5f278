import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/index.js';
import type { KiteMarginSegment } from '../../common/market-data/kite-constants.js';
import { KiteDataError, SessionOrchestrator } from '../accounts/index.js';
import { AccountDataCache, type CacheKind, ORDER_SENSITIVE_KINDS } from './account-data-cache.js';
import type { ProfileResponse, SegmentMarginsResponse, UserMarginsResponse } from './api/dto/account-data.dto.js';
import type { HoldingResponse } from './api/dto/holdings.dto.js';
import type { BasketMarginsResponse, MarginOrderDto, MarginResponse } from './api/dto/margin-calculation.dto.js';
import type { ConvertPositionBody, PositionsResponse } from './api/dto/positions.dto.js';
import { toHoldings, toPositions, toProfile, toSegmentMargins, toUserMargins } from './mapping/account-data.mapper.js';
import { toBasketMargins, toOrderMargins } from './mapping/margin-calculation.mapper.js';

/** Account data through the guarded client: profile, margins, holdings, positions, conversions, margin calculations. */
@Injectable()
export class PortfolioService {
  constructor(
    private readonly kite: SessionOrchestrator,
    private readonly cache: AccountDataCache,
  ) {}

  profile(accountId: string): Promise<ProfileResponse> {
    return this.cache.get(accountId, 'profile', '', () =>
      this.kite.forAccount(accountId, async (client) => toProfile(accountId, await client.getFullProfile())),
    );
  }

  margins(accountId: string, segment: KiteMarginSegment): Promise<SegmentMarginsResponse>;
  margins(accountId: string): Promise<UserMarginsResponse>;
  margins(accountId: string, segment?: KiteMarginSegment): Promise<SegmentMarginsResponse | UserMarginsResponse> {
    return this.cache.get(accountId, 'margins', segment ?? 'all', () =>
      this.kite.forAccount(accountId, async (client) => {
        const raw = await client.getMargins(segment);
        return segment ? toSegmentMargins(raw) : toUserMargins(raw);
      }),
    );
  }

  holdings(accountId: string): Promise<HoldingResponse[]> {
    return this.cache.get(accountId, 'holdings', '', () =>
      this.kite.forAccount(accountId, async (client) => toHoldings(await client.getHoldings())),
    );
  }

  positions(accountId: string): Promise<PositionsResponse> {
    return this.cache.get(accountId, 'positions', '', () =>
      this.kite.forAccount(accountId, async (client) => toPositions(await client.getPositions())),
    );
  }

  /**
   * Moves quantity between products. Cached positions and margins are dropped whatever the outcome:
   * a conversion that timed out may still have been applied.
   */
  async convertPosition(body: ConvertPositionBody): Promise<void> {
    const { account_id: accountId, ...params } = body;
    if (params.old_product === params.new_product) {
      throw new InvalidInputError('SAME_PRODUCT', 'old_product and new_product must differ', {
        field: 'new_product',
      });
    }
    try {
      const answer = await this.kite.forAccount(accountId, (client) => client.convertPosition(params));
      if (answer !== true) {
        throw new KiteDataError('Kite did not confirm the position conversion', { errorType: 'DataException' });
      }
    } finally {
      this.invalidate(accountId, ['positions', 'margins'], 'position_conversion');
    }
  }

  orderMargins(accountId: string, orders: MarginOrderDto[]): Promise<MarginResponse[]> {
    return this.kite.forAccount(accountId, async (client) => toOrderMargins(await client.orderMargins(orders)));
  }

  basketMargins(
    accountId: string,
    orders: MarginOrderDto[],
    considerPositions: boolean,
  ): Promise<BasketMarginsResponse> {
    return this.kite.forAccount(accountId, async (client) =>
      toBasketMargins(await client.basketMargins(orders, considerPositions)),
    );
  }

  /** Drops cached data another module knows to be stale (an MF purchase blocks funds, say). */
  invalidate(accountId: string, kinds: readonly CacheKind[] = ORDER_SENSITIVE_KINDS, reason = 'external'): void {
    this.cache.invalidate(accountId, kinds, reason);
  }
}
