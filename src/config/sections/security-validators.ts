import { isIP } from 'node:net';
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { SecretText } from './accounts-env.js';

/** proxy-addr's named ranges, accepted by Fastify's trustProxy. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_PREFIX = { 4: 32, 6: 128 } as const;

export const isProxyEntry = (entry: string): boolean => {
  if (NAMED_RANGES.has(entry)) {
    return true;
  }
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= MAX_PREFIX[family as 4 | 6]);
};

@ValidatorConstraint({ name: 'isProxyList' })
export class IsProxyList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((entry) => typeof entry === 'string' && isProxyEntry(entry));
  }
  defaultMessage(): string {
    return '$property must list proxy addresses or CIDRs (10.0.0.0/8, ::1, or loopback|linklocal|uniquelocal)';
  }
}

const isOrigin = (entry: string): boolean => {
  try {
    const url = new URL(entry);
    return ['http:', 'https:'].includes(url.protocol) && url.origin === entry;
  } catch {
    return false;
  }
};

@ValidatorConstraint({ name: 'isOriginList' })
export class IsOriginList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((entry) => typeof entry === 'string' && isOrigin(entry));
  }
  defaultMessage(): string {
    return '$property must list exact origins such as https://desk.example.com (scheme, host, optional port; no path)';
  }
}

@ValidatorConstraint({ name: 'isLongSecret' })
export class IsLongSecret implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [minLength = 0] = args.constraints as number[];
    return value instanceof SecretText && value.value.length >= minLength;
  }
  defaultMessage(args: ValidationArguments): string {
    const [minLength = 0] = args.constraints as number[];
    return `$property must be at least ${minLength} characters (e.g. \`openssl rand -hex 32\`)`;
  }
}
