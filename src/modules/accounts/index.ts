export { AccountsModule } from './accounts.module.js';
export {
  SessionOrchestrator,
  type BorrowOptions,
  type KiteCall,
  type PlacementLimits,
} from './orchestration/session-orchestrator.js';
export type { TickerSession } from './orchestration/account-runtime.js';
export type { AccountSessionChange, AccountSessionListener } from './orchestration/session-events.js';
export type { AccountStatus } from './domain/account-status.js';
export type { Distribution } from './orchestration/instrument-distributor.js';
export type {
  KiteRestClient,
  KiteQuote,
  KiteProfile,
  PlaceOrderParams,
  OrderVariety,
} from './kite/kite-rest-client.js';
export * from './kite/kite-errors.js';
export { AccountNeedsLoginError, NoUsableAccountError } from './accounts.errors.js';
export { KiteRecord } from './kite/kite-payload.js';
export type {
  ConvertPositionParams,
  GttOrderParams,
  GttParams,
  KiteTransactionType,
  MarginOrderParams,
  MfOrderParams,
  MfSipModifyParams,
  MfSipParams,
} from './kite/kite-portfolio.types.js';
