export * from './ist.js';
export * from './sim-clock.js';
export * from './trading-calendar.js';
