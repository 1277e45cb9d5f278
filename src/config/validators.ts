import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'isTimeZone' })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length === 0) {
      return false;
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return '$property must be an IANA time zone such as Asia/Kolkata';
  }
}

/** postgres:// or postgresql:// URL with a host. */
@ValidatorConstraint({ name: 'isPostgresUrl' })
export class IsPostgresUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isUrlWithProtocol(value, ['postgres:', 'postgresql:']);
  }

  defaultMessage(): string {
    return '$property must be a postgres:// or postgresql:// URL';
  }
}

@ValidatorConstraint({ name: 'isRedisUrl' })
export class IsRedisUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isUrlWithProtocol(value, ['redis:', 'rediss:']);
  }

  defaultMessage(): string {
    return '$property must be a redis:// or rediss:// URL';
  }
}

const isUrlWithProtocol = (value: unknown, protocols: string[]): boolean => {
  if (typeof value !== 'string') {
    return false;
  }
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname.length > 0;
  } catch {
    return false;
  }
};
