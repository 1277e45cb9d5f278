import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  KITE_EXCHANGES,
  KITE_PRODUCTS,
  KITE_TRADINGSYMBOL_PATTERN,
  KITE_TRANSACTION_TYPES,
} from '../../../../common/market-data/kite-constants.js';
import { AccountQuery } from '../../../../common/validation/index.js';

const MAX_PRICE = 10_000_000;
const MAX_QUANTITY = 10_000_000;
const MAX_TRIGGER_ID = Number.MAX_SAFE_INTEGER;
const price = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 };

export class GttOrderDto {
  @ApiProperty({ enum: KITE_TRANSACTION_TYPES }) @IsIn(KITE_TRANSACTION_TYPES) transaction_type!: 'BUY' | 'SELL';
  @ApiProperty({ minimum: 1, description: 'A multiple of the lot size' })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;
  @ApiProperty({ enum: KITE_PRODUCTS, description: 'CNC for NSE/BSE equity, NRML for F&O' })
  @IsIn(KITE_PRODUCTS)
  product!: string;
  @ApiPropertyOptional({ enum: ['LIMIT'], default: 'LIMIT', description: 'Kite places GTT orders as LIMIT only' })
  @IsOptional()
  @IsIn(['LIMIT'], { message: 'order_type must be LIMIT: Kite places GTT orders as limit orders only' })
  order_type = 'LIMIT' as const;
  @ApiProperty({ description: 'Limit price, on the tick size' })
  @IsNumber(price)
  @IsPositive()
  @Max(MAX_PRICE)
  price!: number;
}

/** A GTT as the Python service took it (trigger_type, exchange, tradingsymbol, trigger_values, last_price, orders). */
export class GttBody extends AccountQuery {
  @ApiProperty({ enum: ['single', 'two-leg'], description: 'two-leg = OCO: stop-loss below, target above' })
  @IsIn(['single', 'two-leg'])
  trigger_type!: 'single' | 'two-leg';
  @ApiProperty({ enum: KITE_EXCHANGES, example: 'NSE' }) @IsIn(KITE_EXCHANGES) exchange!: string;
  @ApiProperty({ example: 'INFY' })
  @IsString()
  @Matches(KITE_TRADINGSYMBOL_PATTERN, { message: 'tradingsymbol must be an exchange trading symbol' })
  tradingsymbol!: string;
  @ApiProperty({ type: [Number], minItems: 1, maxItems: 2, description: 'single: 1; two-leg: [lower, upper]' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsNumber(price, { each: true })
  @IsPositive({ each: true })
  @Max(MAX_PRICE, { each: true })
  trigger_values!: number[];
  @ApiPropertyOptional({
    description: 'Last price the triggers are relative to; omitted: the live last price is used',
  })
  @IsOptional()
  @IsNumber(price)
  @IsPositive()
  @Max(MAX_PRICE)
  last_price?: number;
  @ApiProperty({ type: [GttOrderDto], minItems: 1, maxItems: 2, description: 'One order per trigger value' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => GttOrderDto)
  orders!: GttOrderDto[];
}

export class LegacyModifyGttBody extends GttBody {
  @ApiProperty({ description: 'The trigger to modify' })
  @IsInt()
  @Min(1)
  @Max(MAX_TRIGGER_ID)
  gtt_id!: number;
}

export class LegacyDeleteGttBody extends AccountQuery {
  @ApiProperty({ description: 'The trigger to delete' })
  @IsInt()
  @Min(1)
  @Max(MAX_TRIGGER_ID)
  gtt_id!: number;
}

export class TriggerIdParams {
  @ApiProperty({ example: 100001 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a trigger id (a positive integer)' })
  @Min(1)
  @Max(MAX_TRIGGER_ID)
  id!: number;
}

export class TriggerRangeBody extends AccountQuery {
  @ApiProperty({ enum: KITE_TRANSACTION_TYPES }) @IsIn(KITE_TRANSACTION_TYPES) transaction_type!: 'BUY' | 'SELL';
  @ApiProperty({ enum: KITE_EXCHANGES }) @IsIn(KITE_EXCHANGES) exchange!: string;
  @ApiProperty({ example: 'INFY' })
  @IsString()
  @Matches(KITE_TRADINGSYMBOL_PATTERN, { message: 'tradingsymbol must be an exchange trading symbol' })
  tradingsymbol!: string;
}

/** Answer to create, modify and delete. `gtt_id` is the Python service's name for Kite's `trigger_id`. */
export class GttIdResponse {
  @ApiProperty({ example: 100001 }) trigger_id!: number;
  @ApiProperty({ example: 100001, deprecated: true, description: 'Same as trigger_id (the Python service’s name)' })
  gtt_id!: number;
  @ApiProperty({ example: 'primary' }) account_id!: string;
}

export class TriggerRangeEntry {
  @ApiProperty() instrument_token!: number;
  @ApiProperty({ enum: KITE_TRANSACTION_TYPES }) transaction_type!: string;
  @ApiProperty({ description: 'Live last price the range is computed from' }) last_price!: number;
  @ApiProperty() tick_size!: number;
  @ApiProperty({ description: 'Highest trigger value accepted below the last price' }) lower!: number;
  @ApiProperty({ description: 'Lowest trigger value accepted above the last price' }) upper!: number;
  @ApiProperty({ example: 0.25 }) min_distance_percent!: number;
}
