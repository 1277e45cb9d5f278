/** IST is UTC+05:30 all year (no DST), so fixed-offset arithmetic is exact and host-TZ independent. */
export const IST_OFFSET_MS = 330 * 60_000;
export const IST_TIME_ZONE = 'Asia/Kolkata';
const DAY_MS = 86_400_000;
const IST_WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

export interface IstTimeOfDay {
  hour: number;
  minute: number;
}

/** "YYYY-MM-DD" of the IST calendar day containing `instantMs`. */
export const istDate = (instantMs: number): string => new Date(instantMs + IST_OFFSET_MS).toISOString().slice(0, 10);

/** The next instant strictly after `afterMs` at which the IST wall clock reads `time`. */
export const nextIstTime = (afterMs: number, time: IstTimeOfDay): number => {
  const istMidnight = Math.floor((afterMs + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
  const candidate = istMidnight + (time.hour * 60 + time.minute) * 60_000;
  return candidate > afterMs ? candidate : candidate + DAY_MS;
};

/** Formats an instant as Kite's "yyyy-mm-dd hh:mm:ss" IST wall clock. */
export const formatIstWallClock = (instant: Date): string =>
  new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** Parses Kite's "yyyy-mm-dd hh:mm:ss" (IST wall clock) into an instant. */
export const parseIstWallClock = (text: string): Date | undefined => {
  const match = IST_WALL_CLOCK.exec(text);
  if (!match) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - IST_OFFSET_MS);
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
  return typeof value === 'string' ? parseIstWallClock(value) : undefined;
};
