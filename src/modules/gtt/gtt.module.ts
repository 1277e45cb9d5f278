import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/index.js';
import { InstrumentsModule } from '../instruments/index.js';
import { GttController } from './api/gtt.controller.js';
import { GttIdempotencyPurger } from './gtt-idempotency.purger.js';
import { GttMetrics, gttMetricProviders } from './gtt.metrics.js';
import { GttService } from './gtt.service.js';
import { GttIdempotencyService } from './idempotency/gtt-idempotency.service.js';
import { GttIdempotencyKeyEntity } from './persistence/gtt-idempotency-key.entity.js';
import { GttIdempotencyRepository } from './persistence/gtt-idempotency.repository.js';

/** GTT triggers: CRUD through the guarded client, validation, idempotent placement, trigger range. */
@Module({
  imports: [TypeOrmModule.forFeature([GttIdempotencyKeyEntity]), AccountsModule, InstrumentsModule],
  controllers: [GttController],
  providers: [
    ...gttMetricProviders,
    GttMetrics,
    GttIdempotencyRepository,
    GttIdempotencyService,
    GttIdempotencyPurger,
    GttService,
  ],
  exports: [GttService],
})
export class GttModule {}
