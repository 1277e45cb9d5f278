import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes, SCOPES } from '../../../common/auth/index.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { ApiKeyRevocations } from '../api-keys/api-key-revocations.js';
import { ApiKeyAdmin } from '../api-keys/api-key-admin.js';
import {
  ApiKeyIdParams,
  ApiKeyResponse,
  CreateApiKeyBody,
  CreatedApiKeyResponse,
  ListApiKeysQuery,
  PrincipalResponse,
  toApiKeyResponse,
} from './api-key.dto.js';

export const principalLabel = (principal: Principal): string => `${principal.kind}:${principal.id}`;

@ApiTags('auth')
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters' })
@Controller('auth')
export class ApiKeysController {
  constructor(
    private readonly admin: ApiKeyAdmin,
    private readonly revocations: ApiKeyRevocations,
  ) {}

  @Get('me')
  @RequireScopes(...SCOPES)
  @ApiOperation({ summary: 'The calling credential: kind, id, scopes and account restriction' })
  @ApiOkResponse({ type: PrincipalResponse })
  me(@CurrentPrincipal() principal: Principal): PrincipalResponse {
    return {
      kind: principal.kind,
      id: principal.id,
      name: principal.name,
      scopes: [...principal.scopes],
      accounts: principal.accounts === undefined ? null : [...principal.accounts],
    };
  }

  @Post('api-keys')
  @RequireScopes('accounts:admin')
  @ApiOperation({
    summary: 'Creates an API key; the response carries the key, shown this once',
    description: 'A caller can only grant scopes it holds and, if restricted to accounts, only those accounts.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async create(
    @Body() body: CreateApiKeyBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiKeyResponse> {
    this.admin.assertCreatorMayGrant(principal, body);
    const { record, key } = await this.admin.create({
      name: body.name,
      scopes: body.scopes,
      expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
      accounts: body.accounts,
      createdBy: principalLabel(principal),
    });
    return { ...toApiKeyResponse(record), key };
  }

  @Get('api-keys')
  @RequireScopes('accounts:admin')
  @ApiOperation({ summary: 'API keys (never their secrets), newest first' })
  @ApiOkResponse({ type: ApiKeyResponse, isArray: true })
  async list(@Query() query: ListApiKeysQuery): Promise<ApiKeyResponse[]> {
    return (await this.admin.list(query.includeRevoked ?? false)).map(toApiKeyResponse);
  }

  @Get('api-keys/:id')
  @RequireScopes('accounts:admin')
  @ApiOperation({ summary: 'One API key (never its secret)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope })
  async get(@Param() { id }: ApiKeyIdParams): Promise<ApiKeyResponse> {
    return toApiKeyResponse(await this.admin.get(id));
  }

  @Delete('api-keys/:id')
  @RequireScopes('accounts:admin')
  @ApiOperation({ summary: 'Revokes an API key: refused at once on this instance, on every instance within seconds' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope })
  async revoke(@Param() { id }: ApiKeyIdParams, @CurrentPrincipal() principal: Principal): Promise<ApiKeyResponse> {
    const record = await this.admin.revoke(id, principalLabel(principal));
    await this.revocations.announce(id);
    return toApiKeyResponse(record);
  }
}
