import type { ValidationError } from 'class-validator';
import { DomainError } from './domain-error.js';
import type { FieldViolation } from './error-envelope.js';

/** Flattens nested class-validator errors into one violation per field and rule (`legs.0.quantity`). */
export const toFieldViolations = (errors: ValidationError[], parent = ''): FieldViolation[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return own.concat(toFieldViolations(error.children ?? [], field));
  });

export class RequestValidationError extends DomainError {
  readonly kind = 'invalid';
  constructor(readonly violations: FieldViolation[]) {
    super('VALIDATION_FAILED', 'Request validation failed', violations);
  }

  static fromValidationErrors(errors: ValidationError[]): RequestValidationError {
    return new RequestValidationError(toFieldViolations(errors));
  }
}
