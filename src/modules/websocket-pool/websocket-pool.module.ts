import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/index.js';
import { WebSocketPoolController } from './api/websocket-pool.controller.js';
import { MarketHoursProbe, NseSessionHours } from './watchdog/market-hours.js';
import { WebSocketPoolMetrics, websocketPoolMetricProviders } from './websocket-pool.metrics.js';
import { WebSocketPoolService } from './websocket-pool.service.js';

/** Kite ticker WebSockets per account, the subscription plan, the tick decoder and its hand-off. */
@Module({
  imports: [AccountsModule],
  controllers: [WebSocketPoolController],
  providers: [
    ...websocketPoolMetricProviders,
    WebSocketPoolMetrics,
    { provide: MarketHoursProbe, useClass: NseSessionHours },
    WebSocketPoolService,
  ],
  exports: [WebSocketPoolService],
})
export class WebSocketPoolModule {}
