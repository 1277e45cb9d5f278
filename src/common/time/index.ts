export { Clock, ControllableClock, SystemClock, CLOCK_MODES, type ClockMode, type ClockState } from './clock.js';
export { ClockModule } from './clock.module.js';
