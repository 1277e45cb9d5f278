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
  @ApiProperty({ enum: ['ok', 'failed', 'refused'] }) outcome!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ description: 'Usable rows in the dump' }) rows!: number;
  @ApiProperty() inserted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() retired!: number;
  @ApiProperty({ description: 'Rows without a token (e.g. the trailing junk row)' }) junk!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ description: 'Rows of segments not kept' }) skipped!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() duplicates!: number;
  @ApiPropertyOptional() error?: string;
}
