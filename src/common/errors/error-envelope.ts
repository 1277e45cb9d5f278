import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldViolation {
  @ApiProperty({ example: 'quantity' }) field!: string;
  @ApiProperty({ example: 'min' }) rule!: string;
  @ApiProperty({ example: 'quantity must not be less than 1' }) message!: string;
}

/** The one JSON shape of every error response. */
export class ErrorEnvelope {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code!: string;
  @ApiProperty({ example: 'Request validation failed' }) message!: string;
  @ApiPropertyOptional({ description: 'Field violations for validation errors, or other structured context' })
  details?: unknown;
  @ApiProperty({ example: '6f1c7e0e-3c55-4a55-9a53-0d5f0b5f9a1e' }) requestId!: string;
  @ApiPropertyOptional({ description: 'Present on 500s: quote it when reporting the problem' }) errorId?: string;
}
