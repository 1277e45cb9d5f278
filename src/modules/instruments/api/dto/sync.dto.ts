import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class SyncQuery {
  @ApiPropertyOptional({
    default: false,
    description: 'Apply a dump even when it would retire over half the live rows',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  force?: boolean;
}

export class ExchangeSyncResponse {
  @ApiProperty({ example: 'NFO' }) exchange!: string;
  @ApiProperty({
    enum: ['ok', 'failed', 'refused', 'skipped'],
    description: 'skipped: another instance was syncing the shared master (reason locked)',
  })
  outcome!: string;
  @ApiPropertyOptional({ enum: ['locked'] }) reason?: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ description: 'Usable rows in the dump' }) rows!: number;
  @ApiProperty() inserted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty({ description: 'Live contracts whose token is gone from the dump' }) retired!: number;
  @ApiProperty({ description: 'Tokens Kite reissued to a new contract (the old contract is replaced, not retired)' })
  recycled!: number;
  @ApiProperty({ description: 'Rows without a token (e.g. the trailing junk row)' }) junk!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ description: 'Rows of segments not kept' }) skipped!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() duplicates!: number;
  @ApiPropertyOptional() error?: string;
}
