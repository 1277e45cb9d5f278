import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

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
