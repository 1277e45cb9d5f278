import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GTT_STATUSES } from '../../mapping/trigger.mapper.js';

export class TriggerCondition {
  @ApiProperty() exchange!: string;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty({ type: [Number] }) trigger_values!: number[];
  @ApiProperty() last_price!: number;
  @ApiProperty() instrument_token!: number;
}

export class TriggerOrderOutcome {
  @ApiProperty({ enum: ['success', 'failed'] }) status!: string;
  @ApiProperty({ description: 'The order placed when the trigger fired (a string id)' }) order_id!: string;
  @ApiProperty() rejection_reason!: string;
}

export class TriggerOrderResult {
  @ApiProperty({ description: 'Kite user id of the account' }) account_id!: string;
  @ApiProperty() exchange!: string;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty() validity!: string;
  @ApiProperty() product!: string;
  @ApiProperty() order_type!: string;
  @ApiProperty() transaction_type!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() price!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) timestamp!: string | null;
  @ApiProperty({ description: 'Last price that fired the trigger' }) triggered_at!: number;
  @ApiProperty({ type: TriggerOrderOutcome }) order_result!: TriggerOrderOutcome;
}

export class TriggerOrder {
  @ApiProperty() exchange!: string;
  @ApiProperty() tradingsymbol!: string;
  @ApiProperty() product!: string;
  @ApiProperty() order_type!: string;
  @ApiProperty() transaction_type!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() price!: number;
  @ApiPropertyOptional({ type: TriggerOrderResult, nullable: true }) result!: TriggerOrderResult | null;
}

/** Kite's GTT trigger, field names kept; times as ISO 8601 with the IST offset. */
export class TriggerResponse {
  @ApiProperty({ example: 'primary' }) account_id!: string;
  @ApiProperty({ example: 100001 }) id!: number;
  @ApiProperty() user_id!: string;
  @ApiProperty({ enum: ['single', 'two-leg'] }) type!: string;
  @ApiProperty({ enum: GTT_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) created_at!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updated_at!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expires_at!: string | null;
  @ApiProperty({ type: TriggerCondition }) condition!: TriggerCondition;
  @ApiProperty({ type: [TriggerOrder] }) orders!: TriggerOrder[];
}
