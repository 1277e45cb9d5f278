import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { KITE_MARGIN_SEGMENTS, type KiteMarginSegment } from '../../../../common/market-data/kite-constants.js';
import { AccountQuery } from '../../../../common/validation/index.js';

export class SegmentQuery {
  @ApiPropertyOptional({ enum: KITE_MARGIN_SEGMENTS, description: 'One segment; omitted: both' })
  @IsOptional()
  @IsIn(KITE_MARGIN_SEGMENTS, { message: 'segment must be equity or commodity' })
  segment?: KiteMarginSegment;
}

export class LegacyMarginsQuery extends AccountQuery {
  @ApiPropertyOptional({ enum: KITE_MARGIN_SEGMENTS, description: 'One segment; omitted: both' })
  @IsOptional()
  @IsIn(KITE_MARGIN_SEGMENTS, { message: 'segment must be equity or commodity' })
  segment?: KiteMarginSegment;
}

export class ProfileMeta {
  @ApiProperty({ example: 'physical', description: 'empty, consent or physical' }) demat_consent!: string;
}

/** Kite's user profile (field names as Kite and the Python service returned them), plus our account id. */
export class ProfileResponse {
  @ApiProperty({ example: 'primary' }) account_id!: string;
  @ApiProperty({ example: 'AB1234' }) user_id!: string;
  @ApiProperty() user_name!: string;
  @ApiProperty() user_shortname!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ example: 'individual' }) user_type!: string;
  @ApiProperty({ example: 'ZERODHA' }) broker!: string;
  @ApiProperty({ type: [String], example: ['NSE', 'NFO'] }) exchanges!: string[];
  @ApiProperty({ type: [String], example: ['CNC', 'NRML', 'MIS'] }) products!: string[];
  @ApiProperty({ type: [String], example: ['MARKET', 'LIMIT', 'SL', 'SL-M'] }) order_types!: string[];
  @ApiProperty({ type: String, nullable: true }) avatar_url!: string | null;
  @ApiProperty({ type: ProfileMeta }) meta!: ProfileMeta;
}

export class AvailableMargins {
  @ApiProperty() adhoc_margin!: number;
  @ApiProperty() cash!: number;
  @ApiProperty() opening_balance!: number;
  @ApiProperty() live_balance!: number;
  @ApiProperty() collateral!: number;
  @ApiProperty() intraday_payin!: number;
}

export class UtilisedMargins {
  @ApiProperty() debits!: number;
  @ApiProperty() exposure!: number;
  @ApiProperty() m2m_realised!: number;
  @ApiProperty() m2m_unrealised!: number;
  @ApiProperty() option_premium!: number;
  @ApiProperty() payout!: number;
  @ApiProperty() span!: number;
  @ApiProperty() holding_sales!: number;
  @ApiProperty() turnover!: number;
  @ApiProperty() liquid_collateral!: number;
  @ApiProperty() stock_collateral!: number;
  @ApiProperty() delivery!: number;
}

/** One segment of Kite's user margins. */
export class SegmentMarginsResponse {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Net cash balance available for trading' }) net!: number;
  @ApiProperty({ type: AvailableMargins }) available!: AvailableMargins;
  @ApiProperty({ type: UtilisedMargins }) utilised!: UtilisedMargins;
}

export class UserMarginsResponse {
  @ApiPropertyOptional({ type: SegmentMarginsResponse }) equity?: SegmentMarginsResponse;
  @ApiPropertyOptional({ type: SegmentMarginsResponse }) commodity?: SegmentMarginsResponse;
}
