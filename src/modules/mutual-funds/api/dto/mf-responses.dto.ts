import { ApiProperty } from '@nestjs/swagger';

export class MfOrderResponse {
  @ApiProperty({ example: 'primary' }) account_id!: string;
  @ApiProperty() order_id!: string;
  @ApiProperty({ type: String, nullable: true }) exchange_order_id!: string | null;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty({ example: 'OPEN' }) status!: string;
  @ApiProperty() status_message!: string;
  @ApiProperty({ type: String, nullable: true }) folio!: string | null;
  @ApiProperty() fund!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) order_timestamp!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) exchange_timestamp!: string | null;
  @ApiProperty({ type: String, nullable: true }) settlement_id!: string | null;
  @ApiProperty() transaction_type!: string;
  @ApiProperty({ example: 'regular' }) variety!: string;
  @ApiProperty({ type: String, nullable: true, example: 'FRESH' }) purchase_type!: string | null;
  @ApiProperty({ description: 'Units allotted or redeemed' }) quantity!: number;
  @ApiProperty() amount!: number;
  @ApiProperty() last_price!: number;
  @ApiProperty() average_price!: number;
  @ApiProperty() placed_by!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) last_price_date!: string | null;
  @ApiProperty({ type: String, nullable: true }) tag!: string | null;
}

export class MfSipResponse {
  @ApiProperty({ example: 'primary' }) account_id!: string;
  @ApiProperty() sip_id!: string;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty() fund!: string;
  @ApiProperty() dividend_type!: string;
  @ApiProperty() transaction_type!: string;
  @ApiProperty({ example: 'ACTIVE' }) status!: string;
  @ApiProperty() sip_type!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) created!: string | null;
  @ApiProperty() frequency!: string;
  @ApiProperty() instalment_amount!: number;
  @ApiProperty() instalments!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) last_instalment!: string | null;
  @ApiProperty() pending_instalments!: number;
  @ApiProperty() instalment_day!: number;
  @ApiProperty() completed_instalments!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) next_instalment!: string | null;
  @ApiProperty() trigger_price!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) step_up!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) tag!: string | null;
  @ApiProperty({ type: String, nullable: true }) sip_reg_num!: string | null;
}

export class MfHoldingResponse {
  @ApiProperty({ type: String, nullable: true }) folio!: string | null;
  @ApiProperty() fund!: string;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty() average_price!: number;
  @ApiProperty() last_price!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) last_price_date!: string | null;
  @ApiProperty() pnl!: number;
  @ApiProperty() quantity!: number;
  @ApiProperty() pledged_quantity!: number;
}

export class MfInstrumentResponse {
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty() amc!: string;
  @ApiProperty() name!: string;
  @ApiProperty() purchase_allowed!: boolean;
  @ApiProperty() redemption_allowed!: boolean;
  @ApiProperty() minimum_purchase_amount!: number;
  @ApiProperty() purchase_amount_multiplier!: number;
  @ApiProperty() minimum_additional_purchase_amount!: number;
  @ApiProperty() minimum_redemption_quantity!: number;
  @ApiProperty() redemption_quantity_multiplier!: number;
  @ApiProperty() dividend_type!: string;
  @ApiProperty() scheme_type!: string;
  @ApiProperty() plan!: string;
  @ApiProperty() settlement_type!: string;
  @ApiProperty() last_price!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) last_price_date!: string | null;
}

export class MfOrderIdResponse {
  @ApiProperty() order_id!: string;
  @ApiProperty({ example: 'primary' }) account_id!: string;
}

export class MfSipIdResponse {
  @ApiProperty() sip_id!: string;
  @ApiProperty({ example: 'primary' }) account_id!: string;
}
