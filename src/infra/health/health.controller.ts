import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, RequireScopes } from '../../common/auth/index.js';
import { HealthDetailsService } from './health-details.service.js';
import { HealthService } from './health.service.js';
import { HealthDetailsResponse, LivenessResponse, ReadinessResponse } from './health.dto.js';

@ApiTags('health')
@ApiExtraModels(HealthDetailsResponse)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly detailsService: HealthDetailsService,
  ) {}

  @Get('live')
  @Public('Kubernetes liveness probe: reports only that the event loop answers')
  @ApiOkResponse({ type: LivenessResponse, description: 'The event loop is responsive. Checks no dependency.' })
  live(): LivenessResponse {
    return this.health.liveness();
  }

  @Get('ready')
  @Public('Kubernetes readiness probe: dependency status without account or broker details')
  @ApiOkResponse({
    type: ReadinessResponse,
    description: 'This instance can serve its API: PostgreSQL (and Redis when required) answered in time',
  })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse, description: 'A dependency is down, or shutting down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    const report = await this.health.readiness();
    void reply.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('details')
  @RequireScopes('ops')
  @ApiOkResponse({
    type: HealthDetailsResponse,
    description:
      'Every dependency, Kite account (status, token expiry, breaker, calls in flight) and background job. ' +
      'Always 200 while the process answers: it is for dashboards and alerts, never for routing.',
  })
  details(): Promise<HealthDetailsResponse> {
    return this.detailsService.details();
  }
}
