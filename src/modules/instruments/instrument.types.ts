export const INSTRUMENT_TYPES = ['EQ', 'FUT', 'CE', 'PE'] as const;
export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];

/** A validated dump row. Tokens are numbers here (Kite's CSV gives strings). */
export interface ParsedInstrument {
  instrumentToken: number;
  exchangeToken: number;
  tradingsymbol: string;
  name: string;
  exchange: string;
  segment: string;
  instrumentType: string;
  /** YYYY-MM-DD, or null for instruments that do not expire. */
  expiry: string | null;
  strike: number;
  tickSize: number;
  lotSize: number;
}

export interface StoredInstrument extends ParsedInstrument {
  retiredAt: Date | null;
}

export interface InstrumentFilter {
  exchange?: string;
  segment?: string;
  name?: string;
  instrumentType?: string;
  expiry?: string;
  tradingsymbol?: string;
  includeRetired?: boolean;
}

export interface OptionLeg {
  instrumentToken: number;
  tradingsymbol: string;
  lotSize: number;
  tickSize: number;
}

export interface OptionChainRow {
  strike: number;
  ce: OptionLeg | null;
  pe: OptionLeg | null;
}
