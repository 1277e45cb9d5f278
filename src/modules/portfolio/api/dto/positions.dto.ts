import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  KITE_EXCHANGES,
  KITE_PRODUCTS,
  KITE_TRADINGSYMBOL_PATTERN,
  KITE_TRANSACTION_TYPES,
  type KiteExchange,
  type KiteProduct,
} from '../../../../common/market-data/kite-constants.js';
import { AccountQuery } from '../../../../common/validation/index.js';

/** Kite caps quantities far below this; it only keeps absurd input away from Kite. */
export const MAX_ORDER_QUANTITY = 10_000_000;

export class PositionResponse {
  @ApiProperty({ example: 'NIFTY25DECFUT' }) tradingsymbol!: string;
  @ApiProperty({ example: 'NFO' }) exchange!: string;
  @ApiProperty() instrument_token!: number;
  @ApiProperty({ example: 'NRML' }) product!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() overnight_quantity!: number;
  @ApiProperty() multiplier!: number;
  @ApiProperty() average_price!: number;
  @ApiProperty() close_price!: number;
  @ApiProperty() last_price!: number;
  @ApiProperty() value!: number;
  @ApiProperty() pnl!: number;
  @ApiProperty() m2m!: number;
  @ApiProperty() unrealised!: number;
  @ApiProperty() realised!: number;
  @ApiProperty() buy_quantity!: number;
  @ApiProperty() buy_price!: number;
  @ApiProperty() buy_value!: number;
  @ApiProperty() buy_m2m!: number;
  @ApiProperty() sell_quantity!: number;
  @ApiProperty() sell_price!: number;
  @ApiProperty() sell_value!: number;
  @ApiProperty() sell_m2m!: number;
  @ApiProperty() day_buy_quantity!: number;
  @ApiProperty() day_buy_price!: number;
  @ApiProperty() day_buy_value!: number;
  @ApiProperty() day_sell_quantity!: number;
  @ApiProperty() day_sell_price!: number;
  @ApiProperty() day_sell_value!: number;
}

export class PositionsResponse {
  @ApiProperty({ type: [PositionResponse], description: 'Net positions (overnight and today)' })
  net!: PositionResponse[];
  @ApiProperty({ type: [PositionResponse], description: 'Today’s positions' }) day!: PositionResponse[];
}

export class ConvertPositionBody extends AccountQuery {
  @ApiProperty({ enum: KITE_EXCHANGES }) @IsIn(KITE_EXCHANGES) exchange!: KiteExchange;
  @ApiProperty({ example: 'NIFTY25DECFUT' })
  @IsString()
  @Matches(KITE_TRADINGSYMBOL_PATTERN, { message: 'tradingsymbol must be an exchange trading symbol' })
  tradingsymbol!: string;
  @ApiProperty({ enum: KITE_TRANSACTION_TYPES, description: 'BUY converts long quantity, SELL short' })
  @IsIn(KITE_TRANSACTION_TYPES)
  transaction_type!: 'BUY' | 'SELL';
  @ApiProperty({ enum: ['day', 'overnight'] }) @IsIn(['day', 'overnight']) position_type!: 'day' | 'overnight';
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(MAX_ORDER_QUANTITY) quantity!: number;
  @ApiProperty({ enum: KITE_PRODUCTS }) @IsIn(KITE_PRODUCTS) old_product!: KiteProduct;
  @ApiProperty({ enum: KITE_PRODUCTS }) @IsIn(KITE_PRODUCTS) new_product!: KiteProduct;
}

/** The Python service's answer, kept: `{status: "success"}` (Kite answers `true`). */
export class ConvertPositionResponse {
  @ApiProperty({ example: 'success', enum: ['success'] }) status!: 'success';
  @ApiProperty({ example: 'primary' }) account_id!: string;
}
