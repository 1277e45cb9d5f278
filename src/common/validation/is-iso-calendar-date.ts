import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for "YYYY-MM-DD" naming a day that exists in the proleptic Gregorian calendar (no 2026-02-30). */
export const isIsoCalendarDate = (value: unknown): boolean => {
  if (typeof value !== 'string') {
    return false;
  }
  const match = ISO_DATE.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/**
 * A calendar date "YYYY-MM-DD" that exists: a pattern alone lets 2026-02-30 through to the database,
 * which then fails with a 500. Rule name in the error envelope: isIsoCalendarDate.
 */
export const IsIsoCalendarDate =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) => {
    registerDecorator({
      name: 'isIsoCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => isIsoCalendarDate(value),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be an existing calendar date YYYY-MM-DD`,
      },
    });
  };
