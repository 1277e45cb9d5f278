export {
  DEPTH_LEVELS,
  DEPTH_SLOTS,
  PacketKind,
  TickBatch,
  type TickBatchOrigin,
  type TickSink,
  type TickSource,
} from './tick-batch.js';
export type { KiteOrderUpdate, OrderUpdateEnvelope, OrderUpdateSource } from './order-update.js';
