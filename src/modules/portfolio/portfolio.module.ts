import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/index.js';
import { AccountDataCache } from './account-data-cache.js';
import { AccountDataController } from './api/account-data.controller.js';
import { PortfolioController } from './api/portfolio.controller.js';
import { OrderUpdateInvalidator } from './order-update.invalidator.js';
import { PortfolioMetrics, portfolioMetricProviders } from './portfolio.metrics.js';
import { PortfolioService } from './portfolio.service.js';

/** Account profile and margins, holdings, positions and conversions, margin calculations (short-lived cache). */
@Module({
  imports: [AccountsModule],
  controllers: [AccountDataController, PortfolioController],
  providers: [
    ...portfolioMetricProviders,
    PortfolioMetrics,
    AccountDataCache,
    OrderUpdateInvalidator,
    PortfolioService,
  ],
  exports: [PortfolioService],
})
export class PortfolioModule {}
