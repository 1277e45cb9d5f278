import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '../../../common/auth/index.js';
import { assertAccountAccess } from '../../../common/auth/account-access.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { PortfolioService } from '../portfolio.service.js';
import { AccountPathParams, AccountQuery } from '../../../common/validation/index.js';
import {
  LegacyMarginsQuery,
  ProfileResponse,
  SegmentMarginsResponse,
  SegmentQuery,
  UserMarginsResponse,
} from './dto/account-data.dto.js';

const READ_SCOPE = ['orders:read'] as const;
const marginsSchema = {
  oneOf: [{ $ref: getSchemaPath(UserMarginsResponse) }, { $ref: getSchemaPath(SegmentMarginsResponse) }],
};

@ApiTags('account')
@ApiExtraModels(UserMarginsResponse, SegmentMarginsResponse)
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@ApiResponse({
  status: HttpStatus.FORBIDDEN,
  type: ErrorEnvelope,
  description: 'The credential may not use this account',
})
@ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope, description: 'No such account' })
@ApiResponse({ status: HttpStatus.SERVICE_UNAVAILABLE, type: ErrorEnvelope, description: 'The account needs a login' })
@Controller()
export class AccountDataController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('accounts/:id/profile')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'The Kite user profile of an account (cached, see docs/portfolio.md)' })
  @ApiOkResponse({ type: ProfileResponse })
  profile(@Param() { id }: AccountPathParams, @CurrentPrincipal() principal?: Principal): Promise<ProfileResponse> {
    assertAccountAccess(principal, id);
    return this.portfolio.profile(id);
  }

  @Get('accounts/:id/margins')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Funds and margins of an account: both segments, or one with ?segment=' })
  @ApiOkResponse({ schema: marginsSchema })
  margins(
    @Param() { id }: AccountPathParams,
    @Query() { segment }: SegmentQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<UserMarginsResponse | SegmentMarginsResponse> {
    assertAccountAccess(principal, id);
    return segment ? this.portfolio.margins(id, segment) : this.portfolio.margins(id);
  }

  @Get('account/profile')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Deprecated (Python path): use GET /accounts/{id}/profile', deprecated: true })
  @ApiOkResponse({ type: ProfileResponse })
  legacyProfile(
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProfileResponse> {
    assertAccountAccess(principal, account_id);
    return this.portfolio.profile(account_id);
  }

  @Get('account/margins')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Deprecated (Python path): use GET /accounts/{id}/margins', deprecated: true })
  @ApiOkResponse({ schema: marginsSchema })
  legacyMargins(
    @Query() { account_id, segment }: LegacyMarginsQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<UserMarginsResponse | SegmentMarginsResponse> {
    assertAccountAccess(principal, account_id);
    return segment ? this.portfolio.margins(account_id, segment) : this.portfolio.margins(account_id);
  }
}
