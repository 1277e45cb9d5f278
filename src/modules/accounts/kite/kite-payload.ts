import { parseIstDateTime } from '../../../common/time/ist.js';
import { KiteDataError } from './kite-errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a Kite JSON payload field by field, so nothing Kite sends reaches our API unchecked: a missing
 * or mistyped field fails with KiteDataError (502 KITE_BAD_DATA) naming where it was, never a crash or
 * an `undefined` passed on. Numeric strings count as numbers (the MF CSV leaves some as strings).
 */
export class KiteRecord {
  private constructor(
    private readonly raw: Record<string, unknown>,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): KiteRecord {
    if (!isRecord(value)) {
      throw bad(path, 'an object');
    }
    return new KiteRecord(value, path);
  }

  /** Each element of an array payload, as records. */
  static list(value: unknown, path: string): KiteRecord[] {
    if (!Array.isArray(value)) {
      throw bad(path, 'an array');
    }
    return value.map((item, index) => KiteRecord.of(item, `${path}[${index}]`));
  }

  /** The field names present (for keyed maps such as a SIP's step-up schedule). */
  keys(): string[] {
    return Object.keys(this.raw);
  }

  has(field: string): boolean {
    return this.raw[field] !== undefined && this.raw[field] !== null;
  }

  str(field: string): string {
    const value = this.raw[field];
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
      return String(value);
    }
    throw bad(`${this.path}.${field}`, 'a string');
  }

  optStr(field: string): string | null {
    return this.has(field) ? this.str(field) : null;
  }

  num(field: string): number {
    const value = this.raw[field];
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw bad(`${this.path}.${field}`, 'a number');
    }
    return n;
  }

  /** A number that Kite may omit or send as null; `fallback` then. */
  numOr(field: string, fallback: number): number {
    return this.has(field) ? this.num(field) : fallback;
  }

  bool(field: string): boolean {
    const value = this.raw[field];
    if (typeof value === 'boolean') {
      return value;
    }
    throw bad(`${this.path}.${field}`, 'a boolean');
  }

  boolOr(field: string, fallback: boolean): boolean {
    return this.has(field) ? this.bool(field) : fallback;
  }

  /**
   * An instant: a Date the client produced (already read back as IST by KiteRestClient) or Kite's IST
   * wall-clock string `yyyy-mm-dd hh:mm:ss`. Absent, null or empty: null.
   */
  instant(field: string): Date | null {
    const value = this.raw[field];
    if (value === null || value === undefined || value === '') {
      return null;
    }
    const ms =
      value instanceof Date ? value.getTime() : typeof value === 'string' ? parseIstDateTime(value) : undefined;
    if (ms === undefined || Number.isNaN(ms)) {
      throw bad(`${this.path}.${field}`, 'a timestamp');
    }
    return new Date(ms);
  }

  /** A calendar date `YYYY-MM-DD` (the client turns some into UTC-midnight Dates). Absent: null. */
  isoDate(field: string): string | null {
    const value = this.raw[field];
    if (value === null || value === undefined || value === '') {
      return null;
    }
    const text = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
    if (typeof text !== 'string' || !ISO_DATE.test(text.slice(0, 10))) {
      throw bad(`${this.path}.${field}`, 'a date');
    }
    return text.slice(0, 10);
  }

  record(field: string): KiteRecord {
    return KiteRecord.of(this.raw[field], `${this.path}.${field}`);
  }

  optRecord(field: string): KiteRecord | null {
    return this.has(field) ? this.record(field) : null;
  }

  records(field: string): KiteRecord[] {
    return KiteRecord.list(this.raw[field], `${this.path}.${field}`);
  }

  numbers(field: string): number[] {
    const value = this.raw[field];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw bad(`${this.path}.${field}`, 'an array of numbers');
    }
    return value as number[];
  }

  strings(field: string): string[] {
    const value = this.raw[field];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw bad(`${this.path}.${field}`, 'an array of strings');
    }
    return value;
  }
}

const bad = (path: string, expected: string): KiteDataError =>
  new KiteDataError(`Kite sent an unexpected payload: ${path} is not ${expected}`, { errorType: 'DataException' });
