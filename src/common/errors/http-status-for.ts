import { HttpStatus } from '@nestjs/common';
import type { DomainErrorKind } from './domain-error.js';

export const httpStatusFor = (kind: DomainErrorKind): HttpStatus => {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthorized':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'rule_violation':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'upstream_failure':
      return HttpStatus.BAD_GATEWAY;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'timeout':
      return HttpStatus.GATEWAY_TIMEOUT;
    case 'internal':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
};
