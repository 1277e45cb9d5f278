import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsPositive, IsString, Matches, Max, Min } from 'class-validator';
import { KITE_TAG_PATTERN, KITE_TRANSACTION_TYPES } from '../../../../common/market-data/kite-constants.js';
import { AccountQuery } from '../../../../common/validation/index.js';

/** A fund's ISIN: country code, nine alphanumerics, a check digit (Kite's MF tradingsymbol). */
export const ISIN_PATTERN = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;
const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const MAX_AMOUNT = 1_000_000_000;
const MAX_INSTALMENTS = 1_200;
const MAX_INSTALMENT_DAY = 28;
export const MAX_INSTRUMENT_PAGE = 20_000;
const DEFAULT_INSTRUMENT_PAGE = 1_000;
export const SIP_FREQUENCIES = ['weekly', 'monthly', 'quarterly'] as const;
export type SipFrequency = (typeof SIP_FREQUENCIES)[number];
const money = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };
const units = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 };
const TAG_MESSAGE = 'tag must be 1 to 20 letters and digits';

export class PlaceMfOrderBody extends AccountQuery {
  @ApiProperty({ example: 'INF179K01VY8' })
  @IsString()
  @Matches(ISIN_PATTERN, { message: 'tradingsymbol must be a fund ISIN (e.g. INF179K01VY8)' })
  tradingsymbol!: string;
  @ApiProperty({ enum: KITE_TRANSACTION_TYPES }) @IsIn(KITE_TRANSACTION_TYPES) transaction_type!: 'BUY' | 'SELL';
  @ApiPropertyOptional({ description: 'Rupees to invest (BUY only)' })
  @IsOptional()
  @IsNumber(money)
  @IsPositive()
  @Max(MAX_AMOUNT)
  amount?: number;
  @ApiPropertyOptional({ description: 'Units to redeem (SELL only)' })
  @IsOptional()
  @IsNumber(units)
  @IsPositive()
  @Max(MAX_AMOUNT)
  quantity?: number;
  @ApiPropertyOptional({ example: 'rebalance1' })
  @IsOptional()
  @Matches(KITE_TAG_PATTERN, { message: TAG_MESSAGE })
  tag?: string;
}

export class MfOrderIdParams {
  @ApiProperty() @Matches(ID_PATTERN, { message: 'order_id must be a Kite MF order id' }) order_id!: string;
}

export class MfOrdersQuery extends AccountQuery {
  @ApiPropertyOptional({ description: 'One order (the Python service’s query form; prefer /mf/orders/{order_id})' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'order_id must be a Kite MF order id' })
  order_id?: string;
}

export class LegacyCancelMfOrderBody extends AccountQuery {
  @ApiProperty() @Matches(ID_PATTERN, { message: 'order_id must be a Kite MF order id' }) order_id!: string;
}

/** SIP fields shared by registration and modification; the Python spellings (installments…) are accepted too. */
class SipSchedule extends AccountQuery {
  @ApiPropertyOptional({ enum: SIP_FREQUENCIES }) @IsOptional() @IsIn(SIP_FREQUENCIES) frequency?: SipFrequency;
  @ApiPropertyOptional({ description: 'Number of instalments; -1 = until cancelled' })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(MAX_INSTALMENTS)
  instalments?: number;
  @ApiPropertyOptional({ deprecated: true, description: 'Python spelling of instalments' })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(MAX_INSTALMENTS)
  installments?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_INSTALMENT_DAY, description: 'Day of the month (monthly SIPs)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INSTALMENT_DAY)
  instalment_day?: number;
  @ApiPropertyOptional({ deprecated: true, description: 'Python spelling of instalment_day' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INSTALMENT_DAY)
  installment_day?: number;
}

export class PlaceSipBody extends SipSchedule {
  @ApiProperty({ example: 'INF179K01VY8' })
  @IsString()
  @Matches(ISIN_PATTERN, { message: 'tradingsymbol must be a fund ISIN (e.g. INF179K01VY8)' })
  tradingsymbol!: string;
  @ApiProperty({ description: 'Rupees per instalment' })
  @IsNumber(money)
  @IsPositive()
  @Max(MAX_AMOUNT)
  amount!: number;
  @ApiPropertyOptional({ description: 'Rupees invested at once when the SIP starts' })
  @IsOptional()
  @IsNumber(money)
  @IsPositive()
  @Max(MAX_AMOUNT)
  initial_amount?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(KITE_TAG_PATTERN, { message: TAG_MESSAGE })
  tag?: string;
}

export class ModifySipBody extends SipSchedule {
  @ApiPropertyOptional({ description: 'New amount per instalment' })
  @IsOptional()
  @IsNumber(money)
  @IsPositive()
  @Max(MAX_AMOUNT)
  amount?: number;
  @ApiPropertyOptional({ enum: ['active', 'paused'] }) @IsOptional() @IsIn(['active', 'paused']) status?:
    'active' | 'paused';
}

export class SipIdParams {
  @ApiProperty() @Matches(ID_PATTERN, { message: 'sip_id must be a Kite SIP id' }) sip_id!: string;
}

export class MfSipsQuery extends AccountQuery {
  @ApiPropertyOptional({ description: 'One SIP (the Python service’s query form; prefer /mf/sips/{sip_id})' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'sip_id must be a Kite SIP id' })
  sip_id?: string;
}

export class LegacyModifySipBody extends ModifySipBody {
  @ApiProperty() @Matches(ID_PATTERN, { message: 'sip_id must be a Kite SIP id' }) sip_id!: string;
}

export class LegacyCancelSipBody extends AccountQuery {
  @ApiProperty() @Matches(ID_PATTERN, { message: 'sip_id must be a Kite SIP id' }) sip_id!: string;
}

export class MfInstrumentsQuery extends AccountQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(ISIN_PATTERN) tradingsymbol?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_ &.-]{1,64}$/) amc?: string;
  @ApiPropertyOptional({ example: 'equity' }) @IsOptional() @Matches(/^[a-z]{1,16}$/) scheme_type?: string;
  @ApiPropertyOptional({ enum: ['direct', 'regular'] }) @IsOptional() @IsIn(['direct', 'regular']) plan?: string;
  @ApiPropertyOptional({ example: 'growth' }) @IsOptional() @Matches(/^[a-z]{1,16}$/) dividend_type?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  purchase_allowed?: boolean;
  @ApiPropertyOptional({ default: DEFAULT_INSTRUMENT_PAGE, maximum: MAX_INSTRUMENT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INSTRUMENT_PAGE)
  limit: number = DEFAULT_INSTRUMENT_PAGE;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}
