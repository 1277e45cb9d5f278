import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { MetricsCollectors } from './metrics-collectors.js';

@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly collectors: MetricsCollectors) {
    super();
  }

  @Get()
  override async index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    await this.collectors.refresh();
    return super.index(response);
  }
}
