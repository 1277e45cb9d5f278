export { BatchPublisher, type BusMode, type MessageHandler, type PublishResult } from './batch-publisher.js';
export { RedisModule } from './redis.module.js';
export { reconnectDelay } from './redis-publisher.js';
