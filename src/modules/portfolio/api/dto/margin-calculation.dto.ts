import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  KITE_EXCHANGES,
  KITE_ORDER_TYPES,
  KITE_PRODUCTS,
  KITE_TRADINGSYMBOL_PATTERN,
  KITE_TRANSACTION_TYPES,
  KITE_VARIETIES,
} from '../../../../common/market-data/kite-constants.js';
import { AccountQuery } from '../../../../common/validation/index.js';
import { MAX_ORDER_QUANTITY } from './positions.dto.js';

/** Kite's basket holds at most 50 orders; one margin request carries no more. */
export const MAX_MARGIN_ORDERS = 50;
const MAX_PRICE = 10_000_000;

export class MarginOrderDto {
  @ApiProperty({ enum: KITE_EXCHANGES }) @IsIn(KITE_EXCHANGES) exchange!: string;
  @ApiProperty({ example: 'NIFTY25DECFUT' })
  @IsString()
  @Matches(KITE_TRADINGSYMBOL_PATTERN, { message: 'tradingsymbol must be an exchange trading symbol' })
  tradingsymbol!: string;
  @ApiProperty({ enum: KITE_TRANSACTION_TYPES }) @IsIn(KITE_TRANSACTION_TYPES) transaction_type!: 'BUY' | 'SELL';
  @ApiPropertyOptional({ enum: KITE_VARIETIES, default: 'regular' })
  @IsOptional()
  @IsIn(KITE_VARIETIES)
  variety: string = 'regular';
  @ApiProperty({ enum: KITE_PRODUCTS }) @IsIn(KITE_PRODUCTS) product!: string;
  @ApiProperty({ enum: KITE_ORDER_TYPES }) @IsIn(KITE_ORDER_TYPES) order_type!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_ORDER_QUANTITY) quantity!: number;
  @ApiPropertyOptional({ default: 0, description: 'LIMIT/SL price (0 for MARKET: the last price is used)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_PRICE)
  price: number = 0;
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_PRICE)
  trigger_price: number = 0;
}

export class OrderMarginsBody extends AccountQuery {
  @ApiProperty({ type: [MarginOrderDto], minItems: 1, maxItems: MAX_MARGIN_ORDERS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MARGIN_ORDERS)
  @ValidateNested({ each: true })
  @Type(() => MarginOrderDto)
  orders!: MarginOrderDto[];
}

export class BasketMarginsBody extends OrderMarginsBody {
  @ApiPropertyOptional({ default: true, description: 'Offset the basket against the account’s open positions' })
  @IsOptional()
  @IsBoolean()
  consider_positions: boolean = true;
}

export class MarginPnl {
  @ApiProperty() realised!: number;
  @ApiProperty() unrealised!: number;
}

export class GstCharges {
  @ApiProperty() igst!: number;
  @ApiProperty() cgst!: number;
  @ApiProperty() sgst!: number;
  @ApiProperty() total!: number;
}

export class OrderCharges {
  @ApiProperty() transaction_tax!: number;
  @ApiProperty({ example: 'stt' }) transaction_tax_type!: string;
  @ApiProperty() exchange_turnover_charge!: number;
  @ApiProperty() sebi_turnover_charge!: number;
  @ApiProperty() brokerage!: number;
  @ApiProperty() stamp_duty!: number;
  @ApiProperty({ type: GstCharges }) gst!: GstCharges;
  @ApiProperty() total!: number;
}

/** Kite's margin object (one order, or a basket's initial/final). */
export class MarginResponse {
  @ApiProperty({ example: 'equity' }) type!: string;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty() exchange!: string;
  @ApiProperty() span!: number;
  @ApiProperty() exposure!: number;
  @ApiProperty() option_premium!: number;
  @ApiProperty() additional!: number;
  @ApiProperty() bo!: number;
  @ApiProperty() cash!: number;
  @ApiProperty() var!: number;
  @ApiProperty({ type: MarginPnl }) pnl!: MarginPnl;
  @ApiProperty() leverage!: number;
  @ApiProperty({ type: OrderCharges }) charges!: OrderCharges;
  @ApiProperty({ description: 'Total margin blocked' }) total!: number;
}

export class BasketMarginsResponse {
  @ApiProperty({ type: MarginResponse, description: 'Sum of the orders’ own margins' }) initial!: MarginResponse;
  @ApiProperty({ type: MarginResponse, description: 'With hedge benefit (and positions, when considered)' })
  final!: MarginResponse;
  @ApiProperty({ type: [MarginResponse] }) orders!: MarginResponse[];
}
