import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/index.js';
import { PortfolioModule } from '../portfolio/index.js';
import { MutualFundsController } from './api/mutual-funds.controller.js';
import { MfInstrumentsCatalogue } from './mf-instruments.catalogue.js';
import { MutualFundsMetrics, mutualFundsMetricProviders } from './mutual-funds.metrics.js';
import { MutualFundsService } from './mutual-funds.service.js';

/** Mutual fund orders, SIPs, holdings and the daily instrument list, as validated Kite passthroughs. */
@Module({
  imports: [AccountsModule, PortfolioModule],
  controllers: [MutualFundsController],
  providers: [...mutualFundsMetricProviders, MutualFundsMetrics, MfInstrumentsCatalogue, MutualFundsService],
  exports: [MutualFundsService],
})
export class MutualFundsModule {}
