import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service.js';
import { LivenessResponse, ReadinessResponse } from './health.dto.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOkResponse({ type: LivenessResponse, description: 'The event loop is responsive. Checks no dependency.' })
  live(): LivenessResponse {
    return this.health.liveness();
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadinessResponse, description: 'Every dependency answered in time' })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse, description: 'A dependency is down, or shutting down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    const report = await this.health.readiness();
    void reply.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
