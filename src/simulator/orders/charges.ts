import type { InstrumentKind } from '../contracts/simulator.contracts.js';

/**
 * Zerodha's published charges (NSE), as rates of turnover: brokerage, STT, exchange transaction charge,
 * SEBI fee, stamp duty and GST. Approximate by design: the simulator needs Kite's shape and plausible
 * magnitudes, not a contract note.
 */
const FLAT_BROKERAGE = 20;
const INTRADAY_BROKERAGE_RATE = 0.0003;
const SEBI_RATE = 0.000001;
const GST_RATE = 0.18;
const PRICE_DECIMALS = 100;
const round2 = (x: number): number => Math.round(x * PRICE_DECIMALS) / PRICE_DECIMALS;

interface Rates {
  sttBuy: number;
  sttSell: number;
  exchange: number;
  stampBuy: number;
}

const OPTION_RATES: Rates = { sttBuy: 0, sttSell: 0.001, exchange: 0.0003503, stampBuy: 0.00003 };
const FUTURE_RATES: Rates = { sttBuy: 0, sttSell: 0.0002, exchange: 0.0000173, stampBuy: 0.00002 };
const DELIVERY_RATES: Rates = { sttBuy: 0.001, sttSell: 0.001, exchange: 0.0000297, stampBuy: 0.00015 };
const INTRADAY_RATES: Rates = { sttBuy: 0, sttSell: 0.00025, exchange: 0.0000297, stampBuy: 0.00003 };

export interface ChargeInput {
  kind: InstrumentKind;
  product: string;
  buy: boolean;
  /** Price × quantity (premium for options). */
  turnover: number;
}

/** Kite's `charges` object of a margin response. */
export const charges = ({ kind, product, buy, turnover }: ChargeInput) => {
  const delivery = kind === 'EQ' && (product === 'CNC' || product === 'MTF');
  const rates =
    kind === 'CE' || kind === 'PE'
      ? OPTION_RATES
      : kind === 'FUT'
        ? FUTURE_RATES
        : delivery
          ? DELIVERY_RATES
          : INTRADAY_RATES;
  const brokerage =
    delivery || turnover === 0
      ? 0
      : kind === 'CE' || kind === 'PE'
        ? FLAT_BROKERAGE
        : Math.min(FLAT_BROKERAGE, turnover * INTRADAY_BROKERAGE_RATE);
  const stt = turnover * (buy ? rates.sttBuy : rates.sttSell);
  const exchange = turnover * rates.exchange;
  const sebi = turnover * SEBI_RATE;
  const stamp = buy ? turnover * rates.stampBuy : 0;
  const gst = (brokerage + exchange + sebi) * GST_RATE;
  return {
    transaction_tax: round2(stt),
    transaction_tax_type: 'stt',
    exchange_turnover_charge: round2(exchange),
    sebi_turnover_charge: round2(sebi),
    brokerage: round2(brokerage),
    stamp_duty: round2(stamp),
    gst: { igst: round2(gst), cgst: 0, sgst: 0, total: round2(gst) },
    total: round2(brokerage + stt + exchange + sebi + stamp + gst),
  };
};

export const NO_CHARGES = charges({ kind: 'EQ', product: 'CNC', buy: false, turnover: 0 });
