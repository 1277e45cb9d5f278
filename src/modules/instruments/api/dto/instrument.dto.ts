import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsIsoCalendarDate } from '../../../../common/validation/index.js';
import { INSTRUMENT_EXCHANGES } from '../../../../config/sections/instruments.config.js';
import { INSTRUMENT_TYPES } from '../../instrument.types.js';
import type { StoredInstrument } from '../../instrument.types.js';

export const MAX_PAGE_SIZE = 1_000;
const DEFAULT_PAGE_SIZE = 100;
const MAX_OFFSET = 1_000_000;
const MAX_TOKEN = 4_294_967_295;
export const UNDERLYING = /^[A-Z0-9&][A-Z0-9&_ -]{0,39}$/;
const SYMBOL = /^[A-Z0-9&][A-Z0-9&_ .-]{0,59}$/;
const SEGMENT = /^[A-Z]{2,10}(-[A-Z]{2,5})?$/;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class InstrumentTokenParams {
  @ApiProperty({ example: 256265, description: 'Kite instrument token' })
  @Type(() => Number)
  @IsInt({ message: 'token must be an integer instrument token' })
  @Min(1)
  @Max(MAX_TOKEN)
  token!: number;
}

export class ListInstrumentsQuery {
  @ApiPropertyOptional({ enum: INSTRUMENT_EXCHANGES }) @IsOptional() @IsIn(INSTRUMENT_EXCHANGES) exchange?: string;
  @ApiPropertyOptional({ example: 'NFO-OPT' }) @IsOptional() @Matches(SEGMENT) segment?: string;
  @ApiPropertyOptional({ example: 'NIFTY', description: "Kite's name column: the underlying of derivatives" })
  @IsOptional()
  @Matches(UNDERLYING, { message: 'name must be upper case, e.g. NIFTY' })
  name?: string;
  @ApiPropertyOptional({ enum: INSTRUMENT_TYPES }) @IsOptional() @IsIn(INSTRUMENT_TYPES) instrumentType?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsIsoCalendarDate()
  expiry?: string;
  @ApiPropertyOptional({ example: 'NIFTY25DEC24500CE' })
  @IsOptional()
  @Matches(SYMBOL, { message: 'tradingsymbol must be upper case' })
  tradingsymbol?: string;
  @ApiPropertyOptional({ default: false, description: 'Include retired (expired or delisted) instruments' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeRetired?: boolean;
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
  @ApiPropertyOptional({ default: 0 }) @Type(() => Number) @IsInt() @Min(0) @Max(MAX_OFFSET) offset: number = 0;
}

export class InstrumentResponse {
  @ApiProperty({ example: 256265 }) instrumentToken!: number;
  @ApiProperty({ example: 1001 }) exchangeToken!: number;
  @ApiProperty({ example: 'NIFTY 50' }) tradingsymbol!: string;
  @ApiProperty({ example: 'NIFTY 50' }) name!: string;
  @ApiProperty({ example: 'NSE' }) exchange!: string;
  @ApiProperty({ example: 'INDICES' }) segment!: string;
  @ApiProperty({ example: 'EQ' }) instrumentType!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-29' }) expiry!: string | null;
  @ApiProperty({ example: 0 }) strike!: number;
  @ApiProperty({ example: 0.05 }) tickSize!: number;
  @ApiProperty({ example: 65 }) lotSize!: number;
  @ApiProperty({ description: 'false once expired or gone from the dump' }) active!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) retiredAt!: string | null;
}

export class InstrumentPage {
  @ApiProperty({ type: InstrumentResponse, isArray: true }) items!: InstrumentResponse[];
  @ApiProperty({ example: 1234 }) total!: number;
  @ApiProperty({ example: 100 }) limit!: number;
  @ApiProperty({ example: 0 }) offset!: number;
}

export const toInstrumentResponse = (i: StoredInstrument): InstrumentResponse => ({
  instrumentToken: i.instrumentToken,
  exchangeToken: i.exchangeToken,
  tradingsymbol: i.tradingsymbol,
  name: i.name,
  exchange: i.exchange,
  segment: i.segment,
  instrumentType: i.instrumentType,
  expiry: i.expiry,
  strike: i.strike,
  tickSize: i.tickSize,
  lotSize: i.lotSize,
  active: i.retiredAt === null,
  retiredAt: i.retiredAt?.toISOString() ?? null,
});
