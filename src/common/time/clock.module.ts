import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { Clock, SystemClock } from './clock.js';
import { MarketCalendar } from './market-calendar.js';
import { nseCalendar } from './nse-calendar.js';

/**
 * Provides the Clock everything injects (tests pass a ControllableClock shared with the simulator) and the
 * NSE MarketCalendar (published holidays plus MARKET_HOLIDAYS_EXTRA and MARKET_SPECIAL_SESSIONS).
 */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ClockModule,
      providers: [
        { provide: Clock, useValue: clock },
        {
          provide: MarketCalendar,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => nseCalendar(config.get('market')),
        },
      ],
      exports: [Clock, MarketCalendar],
    };
  }
}
