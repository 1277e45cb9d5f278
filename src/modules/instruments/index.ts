export { InstrumentsModule } from './instruments.module.js';
export { InstrumentsService, type OptionChain } from './instruments.service.js';
export type { InstrumentFilter, OptionChainRow, OptionLeg, StoredInstrument } from './instrument.types.js';
