import { Transform } from 'class-transformer';

/** Environment values are strings; these convert them before class-validator sees them. */
const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const EnvNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    const v = blankToUndefined(value);
    return typeof v === 'string' ? Number(v) : v;
  });

export const EnvBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    const v = blankToUndefined(value);
    if (typeof v !== 'string') {
      return v;
    }
    const normalised = v.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(normalised)) {
      return true;
    }
    if (['false', '0', 'no', 'off'].includes(normalised)) {
      return false;
    }
    return v; // left as a string so @IsBoolean reports it
  });

export const EnvString = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => blankToUndefined(value));

/** Comma-separated list, e.g. "a,b , c" → ['a','b','c']. */
export const EnvList = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    const v = blankToUndefined(value);
    return typeof v === 'string'
      ? v
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : v;
  });
