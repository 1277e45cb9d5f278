import { Body, Controller, Get, HttpStatus, Param, Put, Query, Redirect } from '@nestjs/common';
import { ApiExtraModels, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AccountFromParam,
  Audited,
  canActOnAccount,
  CurrentPrincipal,
  type Principal,
  Public,
  RequireScopes,
} from '../../../common/auth/index.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { AccountSessionService } from '../account-session.service.js';
import { AccountRegistry } from '../orchestration/account-registry.js';
import {
  AccountIdParams,
  AccountResponse,
  LoginCallbackQuery,
  PutAccessTokenBody,
  toAccountResponse,
} from './dto/account.dto.js';

@ApiTags('accounts')
@ApiExtraModels(ErrorEnvelope)
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly registry: AccountRegistry,
    private readonly sessions: AccountSessionService,
  ) {}

  @Get()
  @RequireScopes('accounts:admin')
  @ApiOperation({ summary: 'Configured Kite accounts with their status (never credentials)' })
  @ApiOkResponse({ type: AccountResponse, isArray: true })
  list(@CurrentPrincipal() principal: Principal): AccountResponse[] {
    return this.registry
      .list()
      .filter((account) => canActOnAccount(principal, account.snapshot().id))
      .map((account) => toAccountResponse(account.snapshot()));
  }

  @Get(':id')
  @RequireScopes('accounts:admin')
  @AccountFromParam('id')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope })
  get(@Param() { id }: AccountIdParams): AccountResponse {
    return toAccountResponse(this.registry.get(id).snapshot());
  }

  @Get(':id/login')
  @RequireScopes('accounts:admin')
  @AccountFromParam('id')
  @Redirect(undefined, HttpStatus.FOUND)
  @ApiOperation({
    summary: 'Redirects to the Kite login page for this account, with a fresh single-use state (login CSRF guard)',
  })
  @ApiFoundResponse({ description: 'Location: the Kite login URL (redirect_params carries account_id and state)' })
  @ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope })
  async login(@Param() { id }: AccountIdParams): Promise<{ url: string }> {
    return { url: await this.sessions.loginUrl(id) };
  }

  @Get(':id/login/callback')
  @Public('Kite login redirect, protected by its single-use state nonce')
  @Audited()
  @ApiOperation({ summary: 'Kite login redirect target: checks the state, exchanges the request token for a session' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiResponse({ status: HttpStatus.UNPROCESSABLE_ENTITY, type: ErrorEnvelope, description: 'Kite refused the login' })
  @ApiResponse({
    status: HttpStatus.FORBIDDEN,
    type: ErrorEnvelope,
    description:
      'State unknown, expired or already used (LOGIN_STATE_*), or the logged-in user is not the configured one',
  })
  async loginCallback(@Param() { id }: AccountIdParams, @Query() query: LoginCallbackQuery): Promise<AccountResponse> {
    return toAccountResponse(await this.sessions.completeLogin(id, query.request_token, query.status, query.state));
  }

  @Put(':id/token')
  @RequireScopes('accounts:admin')
  @AccountFromParam('id')
  @ApiOperation({ summary: 'Stores an access token obtained elsewhere, after checking it with Kite' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiResponse({ status: HttpStatus.UNPROCESSABLE_ENTITY, type: ErrorEnvelope, description: 'Kite rejected the token' })
  async putToken(@Param() { id }: AccountIdParams, @Body() body: PutAccessTokenBody): Promise<AccountResponse> {
    return toAccountResponse(await this.sessions.acceptToken(id, body.accessToken));
  }
}
