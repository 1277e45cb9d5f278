import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { AcceptsScrapeToken, RequireScopes } from '../../common/auth/index.js';
import { MetricsCollectors } from './metrics-collectors.js';

@ApiTags('ops')
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly collectors: MetricsCollectors) {
    super();
  }

  @Get()
  @RequireScopes('ops')
  @AcceptsScrapeToken()
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'Scrapers may send `Authorization: Bearer <METRICS_BEARER_TOKEN>` instead of a credential with scope ops.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4' })
  override async index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    await this.collectors.refresh();
    return super.index(response);
  }
}
