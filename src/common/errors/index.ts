export * from './domain-error.js';
export { ErrorEnvelope, FieldViolation } from './error-envelope.js';
export { GlobalExceptionFilter } from './global-exception.filter.js';
export { RequestValidationError, toFieldViolations } from './request-validation.error.js';
