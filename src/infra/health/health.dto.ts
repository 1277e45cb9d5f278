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
    description:
      'Per dependency this instance needs to serve its API (PostgreSQL; Redis when required): status plus latency and mode',
    type: 'object',
    additionalProperties: { type: 'object' },
  })
  details!: Record<string, DependencyStatus>;
}

export class RuntimeInfo {
  @ApiProperty({ example: 'node' }) name!: string;
  @ApiProperty({ example: 'v24.11.0' }) version!: string;
}

export class ServiceInfo {
  @ApiProperty({ example: '0.1.0' }) version!: string;
  @ApiProperty({ type: RuntimeInfo }) runtime!: RuntimeInfo;
  @ApiProperty({ description: 'This process (also recorded in service_instance)' }) instanceId!: string;
  @ApiProperty({ enum: ['development', 'production', 'test'] }) nodeEnv!: string;
  @ApiProperty() uptimeSeconds!: number;
}

export class HealthDetailsResponse {
  @ApiProperty({
    enum: ['ok', 'error', 'shutting_down'],
    description: 'What /health/ready would answer (readiness-gating dependencies only)',
  })
  status!: 'ok' | 'error' | 'shutting_down';

  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ type: ServiceInfo }) service!: ServiceInfo;

  @ApiProperty({
    description: 'Every dependency (database, redis, bus) with its status and whether it gates readiness',
    type: 'object',
    additionalProperties: { type: 'object' },
  })
  dependencies!: Record<string, Record<string, unknown>>;

  /** Sections registered by modules: accounts, backgroundTasks, … */
  [section: string]: unknown;
}
