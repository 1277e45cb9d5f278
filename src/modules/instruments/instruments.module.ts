import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/index.js';
import { InstrumentsController } from './api/instruments.controller.js';
import { OptionChainsController } from './api/option-chains.controller.js';
import { InstrumentsMetrics, instrumentsMetricProviders } from './instruments.metrics.js';
import { InstrumentsScheduler } from './instruments.scheduler.js';
import { InstrumentsService } from './instruments.service.js';
import { InstrumentEntity } from './persistence/instrument.entity.js';
import { InstrumentSyncRepository } from './persistence/instrument-sync.repository.js';
import { InstrumentRepository } from './persistence/instrument.repository.js';
import { InstrumentSyncService } from './sync/instrument-sync.service.js';

/** Kite's instrument master: daily dump sync into PostgreSQL, lookups and option chains. */
@Module({
  imports: [TypeOrmModule.forFeature([InstrumentEntity]), AccountsModule],
  controllers: [InstrumentsController, OptionChainsController],
  providers: [
    ...instrumentsMetricProviders,
    InstrumentsMetrics,
    InstrumentRepository,
    InstrumentSyncRepository,
    InstrumentsService,
    InstrumentSyncService,
    InstrumentsScheduler,
  ],
  exports: [InstrumentsService],
})
export class InstrumentsModule {}
