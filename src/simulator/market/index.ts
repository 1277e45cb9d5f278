export * from './black76.js';
export * from './candles.js';
export * from './expiries.js';
export * from './market-config.js';
export * from './market-model.js';
export * from './symbols.js';
