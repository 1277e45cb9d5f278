import { ApiProperty } from '@nestjs/swagger';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ description: 'Seconds since the process started' }) uptimeSeconds!: number;
}

export class DependencyStatus {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  [detail: string]: unknown;
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({
    description: 'Per dependency: status plus details (latency, mode, per-account state)',
    type: 'object',
    additionalProperties: { type: 'object' },
  })
  details!: Record<string, DependencyStatus>;
}
