/**
 * IST (Asia/Kolkata, UTC+05:30, no DST) arithmetic on epoch milliseconds. Fixed-offset maths so nothing
 * depends on the host's time zone.
 */
export const IST_OFFSET_MS = 19_800_000;
export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
const DAYS_PER_WEEK = 7;
/** 1970-01-01 was a Thursday; with Sunday = 0 that is weekday 4. */
const EPOCH_WEEKDAY = 4;
export const SATURDAY = 6;
export const SUNDAY = 0;
export const TUESDAY = 2;

/** IST calendar day number: days since 1970-01-01 (IST). */
export const istDayNumber = (ms: number): number => Math.floor((ms + IST_OFFSET_MS) / MS_PER_DAY);

/** Epoch ms of IST midnight starting the given IST day number. */
export const istDayStartMs = (day: number): number => day * MS_PER_DAY - IST_OFFSET_MS;

/** Epoch ms of hh:mm IST on the given IST day number. */
export const istTimeOnDay = (day: number, hours: number, minutes: number): number =>
  istDayStartMs(day) + hours * 3_600_000 + minutes * MS_PER_MINUTE;

/** Minutes since IST midnight. */
export const istMinuteOfDay = (ms: number): number =>
  Math.floor((ms + IST_OFFSET_MS - istDayNumber(ms) * MS_PER_DAY) / MS_PER_MINUTE);

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOfDay = (day: number): number =>
  (((day + EPOCH_WEEKDAY) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of an IST day number. */
export const dayToDateString = (day: number): string => {
  const d = new Date(day * MS_PER_DAY);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
};

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** IST day number of YYYY-MM-DD, or undefined when malformed. */
export const dateStringToDay = (date: string): number | undefined => {
  const m = DATE_RE.exec(date);
  if (!m) {
    return undefined;
  }
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) && dayToDateString(ms / MS_PER_DAY) === date ? ms / MS_PER_DAY : undefined;
};

/** Year, month (1-12) and day-of-month of an IST day number. */
export const dayParts = (day: number): { year: number; month: number; dayOfMonth: number } => {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() };
};

/** IST day number of the first day of a month. */
export const firstDayOfMonth = (year: number, month: number): number => Date.UTC(year, month - 1, 1) / MS_PER_DAY;

/** `yyyy-mm-dd hh:mm:ss` in IST, Kite's REST timestamp format. */
export const formatIstDateTime = (ms: number): string => {
  const d = new Date(Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND + IST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
};

/** `YYYY-MM-DDTHH:mm:ss+0530`, Kite's historical candle timestamp. */
export const formatIstCandleTime = (ms: number): string => `${formatIstDateTime(ms).replace(' ', 'T')}+0530`;

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses `yyyy-mm-dd[ hh:mm[:ss]]` as IST wall time. */
export const parseIstDateTime = (text: string): number | undefined => {
  const m = DATETIME_RE.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  return Number.isFinite(ms) ? ms - IST_OFFSET_MS : undefined;
};
