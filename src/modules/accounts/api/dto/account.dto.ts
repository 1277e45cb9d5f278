import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from '../../../../config/sections/accounts-env.js';
import { ACCOUNT_STATUSES, type AccountStatus } from '../../domain/account-status.js';
import { LOGIN_STATE_PATTERN } from '../../login/login-state.service.js';
import type { AccountSnapshot } from '../../orchestration/account-runtime.js';
import { KITE_ENDPOINT_CLASSES, type KiteEndpointClass } from '../../kite/kite-endpoints.js';
import { BREAKER_STATES, type BreakerState } from '../../resilience/account-policies.js';

const MAX_TOKEN_LENGTH = 512;

export class AccountIdParams {
  @ApiProperty({ example: 'primary', pattern: ACCOUNT_ID_PATTERN.source })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'id must be a configured account id (lower-case letters, digits, _ and -)' })
  id!: string;
}

/** Kite redirects here after login with ?request_token=…&action=login&status=success (+ our redirect_params). */
export class LoginCallbackQuery {
  @ApiProperty({ description: 'Single-use token from the Kite login redirect' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TOKEN_LENGTH)
  @Matches(/^[A-Za-z0-9]+$/, { message: 'request_token must be alphanumeric' })
  request_token!: string;

  @ApiPropertyOptional({ example: 'success' }) @IsOptional() @IsString() @MaxLength(32) status?: string;
  @ApiPropertyOptional({ example: 'login' }) @IsOptional() @IsString() @MaxLength(32) action?: string;
  @ApiPropertyOptional({ example: 'login' }) @IsOptional() @IsString() @MaxLength(32) type?: string;
  @ApiPropertyOptional({ description: 'Echo of our redirect_params' })
  @IsOptional()
  @Matches(ACCOUNT_ID_PATTERN)
  account_id?: string;

  @ApiProperty({ description: 'Echo of the single-use state GET /accounts/{id}/login put in redirect_params' })
  @IsString()
  @Matches(LOGIN_STATE_PATTERN, { message: 'state must be the login state issued by GET /accounts/{id}/login' })
  state!: string;
}

export class PutAccessTokenBody {
  @ApiProperty({ description: 'A Kite access token obtained outside this service; verified before it is stored' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TOKEN_LENGTH)
  @Matches(/^[A-Za-z0-9]+$/, { message: 'accessToken must be alphanumeric' })
  accessToken!: string;
}

/** What the API shows of an account: status and session times, never a credential. */
export class AccountResponse {
  @ApiProperty({ example: 'primary' }) id!: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status!: AccountStatus;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Kite rejected the access token (TokenException)' })
  statusReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'AB1234' }) kiteUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lastLoginAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) tokenExpiresAt!: string | null;
  @ApiProperty({ enum: BREAKER_STATES, description: 'The worst breaker state over the endpoint classes' })
  breaker!: BreakerState;
  @ApiProperty({
    description: `Breaker state per endpoint class (${KITE_ENDPOINT_CLASSES.join(', ')})`,
    example: { market_data: 'closed', orders: 'closed', portfolio: 'closed', session: 'closed' },
    type: 'object',
    additionalProperties: { type: 'string', enum: [...BREAKER_STATES] },
  })
  breakers!: Record<KiteEndpointClass, BreakerState>;
  @ApiProperty({ example: 0, description: 'Kite REST calls of this account in progress' }) inFlight!: number;
  @ApiProperty({ description: 'Relative link that starts a Kite login for this account' }) loginPath!: string;
}

export const toAccountResponse = (snapshot: AccountSnapshot): AccountResponse => ({
  id: snapshot.id,
  status: snapshot.status,
  statusReason: snapshot.statusReason,
  kiteUserId: snapshot.kiteUserId === '' ? null : snapshot.kiteUserId,
  lastLoginAt: snapshot.lastLoginAt?.toISOString() ?? null,
  tokenExpiresAt: snapshot.tokenExpiresAt?.toISOString() ?? null,
  breaker: snapshot.breaker,
  breakers: Object.fromEntries(
    Object.entries(snapshot.breakers).map(([endpointClass, view]) => [endpointClass, view.state]),
  ) as Record<KiteEndpointClass, BreakerState>,
  inFlight: snapshot.inFlight,
  loginPath: `/accounts/${snapshot.id}/login`,
});
