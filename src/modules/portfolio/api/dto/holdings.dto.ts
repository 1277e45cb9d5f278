import { ApiProperty } from '@nestjs/swagger';

/** Kite's holding (long-term equity in the demat account). */
export class HoldingResponse {
  @ApiProperty({ example: 'RELIANCE' }) tradingsymbol!: string;
  @ApiProperty({ example: 'NSE' }) exchange!: string;
  @ApiProperty({ example: 738561 }) instrument_token!: number;
  @ApiProperty({ example: 'INE002A01018' }) isin!: string;
  @ApiProperty({ example: 'CNC' }) product!: string;
  @ApiProperty() price!: number;
  @ApiProperty({ description: 'Net quantity (T+1 + realised)' }) quantity!: number;
  @ApiProperty({ description: 'Quantity sold from the holding today' }) used_quantity!: number;
  @ApiProperty() t1_quantity!: number;
  @ApiProperty() realised_quantity!: number;
  @ApiProperty() authorised_quantity!: number;
  @ApiProperty({ type: String, nullable: true, example: '2025-12-02' }) authorised_date!: string | null;
  @ApiProperty() opening_quantity!: number;
  @ApiProperty() short_quantity!: number;
  @ApiProperty() collateral_quantity!: number;
  @ApiProperty() collateral_type!: string;
  @ApiProperty() discrepancy!: boolean;
  @ApiProperty() average_price!: number;
  @ApiProperty() last_price!: number;
  @ApiProperty() close_price!: number;
  @ApiProperty() pnl!: number;
  @ApiProperty() day_change!: number;
  @ApiProperty() day_change_percentage!: number;
}
