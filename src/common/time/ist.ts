/**
 * IST (Asia/Kolkata) arithmetic on epoch milliseconds. IST is UTC+05:30 all year (no daylight saving), and
 * Kite and NSE speak only IST, so fixed-offset maths is exact and nothing depends on the host's time zone.
 * Calendar days are "IST day numbers": whole days since 1970-01-01 in IST.
 */
export const IST_OFFSET_MS = 19_800_000;
export const IST_TIME_ZONE = 'Asia/Kolkata';
export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1_440;
const DAYS_PER_WEEK = 7;
/** 1970-01-01 was a Thursday; with Sunday = 0 that is weekday 4. */
const EPOCH_WEEKDAY = 4;
export const SUNDAY = 0;
export const TUESDAY = 2;
export const SATURDAY = 6;

/** An IST wall-clock time of day. */
export interface IstTimeOfDay {
  hour: number;
  minute: number;
}

/** IST calendar day number of an instant. */
export const istDayNumber = (ms: number): number => Math.floor((ms + IST_OFFSET_MS) / MS_PER_DAY);

/** Epoch ms of IST midnight starting the given IST day. */
export const istDayStartMs = (day: number): number => day * MS_PER_DAY - IST_OFFSET_MS;

/** Epoch ms of hh:mm IST on the given IST day (minutes may exceed 59: 0 h 555 min is 09:15). */
export const istTimeOnDay = (day: number, hours: number, minutes: number): number =>
  istDayStartMs(day) + hours * MS_PER_HOUR + minutes * MS_PER_MINUTE;

/** Whole minutes since IST midnight. */
export const istMinuteOfDay = (ms: number): number =>
  Math.floor((ms - istDayStartMs(istDayNumber(ms))) / MS_PER_MINUTE);

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOfDay = (day: number): number =>
  (((day + EPOCH_WEEKDAY) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Year, month (1-12) and day of month of an IST day. */
export const dayParts = (day: number): { year: number; month: number; dayOfMonth: number } => {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() };
};

/** YYYY-MM-DD of an IST day. */
export const dayToDateString = (day: number): string => {
  const { year, month, dayOfMonth } = dayParts(day);
  return `${year}-${pad2(month)}-${pad2(dayOfMonth)}`;
};

/** YYYY-MM-DD of the IST calendar day containing `ms`. */
export const istDate = (ms: number): string => dayToDateString(istDayNumber(ms));

/** IST day number of the first day of a month. */
export const firstDayOfMonth = (year: number, month: number): number => Date.UTC(year, month - 1, 1) / MS_PER_DAY;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** IST day number of a real calendar date YYYY-MM-DD; undefined when malformed or impossible (2026-02-30). */
export const dateStringToDay = (date: string): number | undefined => {
  const match = DATE.exec(date);
  if (!match) {
    return undefined;
  }
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
  return dayToDateString(day) === date ? day : undefined;
};

/** 'HH:MM' (24 h) as a time of day; undefined when malformed. */
export const parseTimeOfDay = (text: string): IstTimeOfDay | undefined => {
  const match = TIME_OF_DAY.exec(text);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
};

/** Minutes after midnight of a time of day. */
export const minuteOf = (time: IstTimeOfDay): number => time.hour * 60 + time.minute;

/** The instant of `time` IST on the IST date `date` ('YYYY-MM-DD', 'HH:MM'); NaN when either is malformed. */
export const istInstantMs = (date: string, time: string): number => {
  const day = dateStringToDay(date);
  const at = parseTimeOfDay(time);
  return day === undefined || at === undefined ? Number.NaN : istTimeOnDay(day, at.hour, at.minute);
};

/** The next instant strictly after `afterMs` at which the IST wall clock reads `time`. */
export const nextIstTime = (afterMs: number, time: IstTimeOfDay): number => {
  const candidate = istTimeOnDay(istDayNumber(afterMs), time.hour, time.minute);
  return candidate > afterMs ? candidate : candidate + MS_PER_DAY;
};

/** `yyyy-mm-dd hh:mm:ss` in IST: Kite's REST timestamp format (seconds truncated). */
export const formatIstDateTime = (ms: number): string => {
  const d = new Date(Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND + IST_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
};

/** ISO 8601 with the IST offset, e.g. "2025-12-02T10:30:00+05:30": unambiguous and readable as Kite's wall clock. */
export const formatIstIso = (instant: Date): string =>
  `${new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;

/** `YYYY-MM-DDTHH:mm:ss+0530`: Kite's historical candle timestamp. */
export const formatIstCandleTime = (ms: number): string => `${formatIstDateTime(ms).replace(' ', 'T')}+0530`;

/**
 * Parses `yyyy-mm-dd[ hh:mm[:ss]]` (or with a `T`) as IST wall time. Impossible dates and times
 * (2026-02-30, 24:00) are undefined rather than rolled over.
 */
export const parseIstDateTime = (text: string): number | undefined => {
  const match = DATE_TIME.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const day = dateStringToDay(`${match[1]}-${match[2]}-${match[3]}`);
  const [hours, minutes, seconds] = [match[4], match[5], match[6]].map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
  ];
  if (day === undefined || hours > 23 || minutes > 59 || seconds > 59) {
    return undefined;
  }
  return istTimeOnDay(day, hours, minutes) + seconds * MS_PER_SECOND;
};

/**
 * kiteconnect turns IST strings into Dates with `new Date(str)`, i.e. in the host's zone. Reading the
 * Date's local fields back recovers the wall clock Kite sent, which we then interpret as IST. (A local
 * DST gap could shift a value by an hour; NSE trades only in IST daytime, far from any such gap.)
 */
export const istFromClientDate = (value: unknown): Date | undefined => {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      return undefined;
    }
    const wallClockAsUtc = Date.UTC(
      value.getFullYear(),
      value.getMonth(),
      value.getDate(),
      value.getHours(),
      value.getMinutes(),
      value.getSeconds(),
    );
    return new Date(wallClockAsUtc - IST_OFFSET_MS);
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const ms = parseIstDateTime(value);
  return ms === undefined ? undefined : new Date(ms);
};

const EPOCH_MS = /^-?\d+$/;

/** An instant from epoch ms (number or digits), IST `yyyy-mm-dd[ hh:mm[:ss]]`, or an ISO string with a zone. */
export const parseInstant = (value: unknown): number | undefined => {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  const text = value.trim();
  if (EPOCH_MS.test(text)) {
    return Number(text);
  }
  const ist = parseIstDateTime(text);
  if (ist !== undefined) {
    return ist;
  }
  const iso = Date.parse(text);
  return Number.isNaN(iso) ? undefined : iso;
};
