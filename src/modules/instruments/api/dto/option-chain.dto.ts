import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { OptionChain } from '../../instruments.service.js';
import type { OptionLeg } from '../../instrument.types.js';
import { IsIsoCalendarDate } from '../../../../common/validation/index.js';
import { UNDERLYING } from './instrument.dto.js';

const MAX_EXPIRIES = 52;
const DEFAULT_EXPIRIES = 4;

export class UnderlyingParams {
  @ApiProperty({ example: 'NIFTY', description: "Kite's name column of the derivatives (NIFTY, BANKNIFTY, …)" })
  @Matches(UNDERLYING, { message: 'underlying must be upper case, e.g. NIFTY' })
  underlying!: string;
}

export class OptionChainQuery {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'YYYY-MM-DD; default: the nearest live expiry' })
  @IsOptional()
  @IsIsoCalendarDate()
  expiry?: string;
}

export class ExpiriesQuery {
  @ApiPropertyOptional({ default: DEFAULT_EXPIRIES, maximum: MAX_EXPIRIES })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_EXPIRIES)
  limit: number = DEFAULT_EXPIRIES;
}

export class OptionLegResponse {
  @ApiProperty({ example: 12073986 }) instrumentToken!: number;
  @ApiProperty({ example: 'NIFTY25DEC24500CE' }) tradingsymbol!: string;
  @ApiProperty({ example: 65 }) lotSize!: number;
  @ApiProperty({ example: 0.05 }) tickSize!: number;
}

export class OptionStrikeResponse {
  @ApiProperty({ example: 24500 }) strike!: number;
  @ApiPropertyOptional({ type: OptionLegResponse, nullable: true }) ce!: OptionLegResponse | null;
  @ApiPropertyOptional({ type: OptionLegResponse, nullable: true }) pe!: OptionLegResponse | null;
}

export class OptionChainResponse {
  @ApiProperty({ example: 'NIFTY' }) underlying!: string;
  @ApiProperty({ example: '2026-12-01' }) expiry!: string;
  @ApiProperty({ example: 65, description: 'Lot size of the chain (from the dump)' }) lotSize!: number;
  @ApiProperty({ example: 0.05 }) tickSize!: number;
  @ApiProperty({ type: OptionStrikeResponse, isArray: true, description: 'Ascending by strike' })
  strikes!: OptionStrikeResponse[];
}

export class ExpiriesResponse {
  @ApiProperty({ example: 'NIFTY' }) underlying!: string;
  @ApiProperty({ example: ['2026-12-01', '2026-12-08'], type: String, isArray: true }) expiries!: string[];
}

const toLeg = (leg: OptionLeg | null): OptionLegResponse | null => (leg === null ? null : { ...leg });

export const toOptionChainResponse = (chain: OptionChain): OptionChainResponse => {
  const first = chain.strikes.find((s) => s.ce ?? s.pe);
  const leg = first?.ce ?? first?.pe;
  return {
    underlying: chain.underlying,
    expiry: chain.expiry,
    lotSize: leg?.lotSize ?? 0,
    tickSize: leg?.tickSize ?? 0,
    strikes: chain.strikes.map((s) => ({ strike: s.strike, ce: toLeg(s.ce), pe: toLeg(s.pe) })),
  };
};
