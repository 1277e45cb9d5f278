export * from './sim-clock.js';
