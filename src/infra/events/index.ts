export { EventsModule } from './events.module.js';
export { OrderUpdateBus, type OrderUpdateListener } from './order-update-bus.js';
