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

const secretVariables = new WeakMap<object, Set<string>>();

/**
 * Marks a variable whose value must never be printed (credentials, keys, URLs that may carry a
 * password): a validation error names it and the rule, never the value.
 */
export const Secret = (): PropertyDecorator => (target, property) => {
  const names = secretVariables.get(target) ?? new Set<string>();
  names.add(String(property));
  secretVariables.set(target, names);
};

/** Names that are secret whether or not they are marked: a safety net for variables added later. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSPHRASE|CREDENTIALS?|_KEYS?)$/;

export const isSecretVariable = (env: object, property: string): boolean =>
  SECRET_NAME.test(property) || (secretVariables.get(Object.getPrototypeOf(env) as object)?.has(property) ?? false);
