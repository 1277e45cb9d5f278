import { Global, Module } from '@nestjs/common';
import { OrderUpdateBus } from './order-update-bus.js';

/** In-process event buses shared across modules (order updates). */
@Global()
@Module({ providers: [OrderUpdateBus], exports: [OrderUpdateBus] })
export class EventsModule {}
