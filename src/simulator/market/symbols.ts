import { dayParts } from '../../common/time/ist.js';

const MONTH_CODES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
/** Weekly symbols use one character per month: 1–9, then O, N, D. */
const WEEKLY_MONTH_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'] as const;
const YEAR_DIGITS = 100;

const yy = (year: number): string => String(year % YEAR_DIGITS).padStart(2, '0');

const strikeText = (strike: number): string => String(strike);

/** Monthly option: NIFTY25DEC24000CE. */
export const monthlyOptionSymbol = (name: string, expiryDay: number, strike: number, type: 'CE' | 'PE'): string => {
  const { year, month } = dayParts(expiryDay);
  return `${name}${yy(year)}${MONTH_CODES[month - 1]}${strikeText(strike)}${type}`;
};

/** Weekly option: NIFTY25D0224000CE (YY, one-character month, DD). */
export const weeklyOptionSymbol = (name: string, expiryDay: number, strike: number, type: 'CE' | 'PE'): string => {
  const { year, month, dayOfMonth } = dayParts(expiryDay);
  return `${name}${yy(year)}${WEEKLY_MONTH_CODES[month - 1]}${String(dayOfMonth).padStart(2, '0')}${strikeText(strike)}${type}`;
};

/** Monthly future: NIFTY25DECFUT. */
export const futureSymbol = (name: string, expiryDay: number): string => {
  const { year, month } = dayParts(expiryDay);
  return `${name}${yy(year)}${MONTH_CODES[month - 1]}FUT`;
};
