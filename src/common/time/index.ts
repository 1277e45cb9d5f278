export {
  Clock,
  ControllableClock,
  SystemClock,
  clockFor,
  CLOCK_MODES,
  type ClockMode,
  type ClockState,
} from './clock.js';
export { ClockModule } from './clock.module.js';
export * from './ist.js';
export * from './market-calendar.js';
export { NSE_HOLIDAYS, nseCalendar, parseSpecialSession, type MarketCalendarSettings } from './nse-calendar.js';
