export { WebSocketPoolModule } from './websocket-pool.module.js';
export { WebSocketPoolService } from './websocket-pool.service.js';
export { MarketHoursProbe, NseSessionHours } from './watchdog/market-hours.js';
export { TICK_MODES } from './planning/tick-mode.js';
export type * from './websocket-pool.types.js';
