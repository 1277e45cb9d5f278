import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, RequireScopes, type Principal } from '../../../common/auth/index.js';
import { assertAccountAccess } from '../../../common/auth/account-access.js';
import { ErrorEnvelope } from '../../../common/errors/index.js';
import { AccountQuery } from '../../../common/validation/index.js';
import { GttService } from '../gtt.service.js';
import {
  GttBody,
  GttIdResponse,
  LegacyDeleteGttBody,
  LegacyModifyGttBody,
  TriggerIdParams,
  TriggerRangeBody,
  TriggerRangeEntry,
} from './dto/gtt.dto.js';
import { TriggerResponse } from './dto/trigger.dto.js';

const READ_SCOPE = ['orders:read'] as const;
const WRITE_SCOPE = ['orders:write'] as const;
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Who the idempotency keys belong to when no authentication guard has set a principal. */
const ANONYMOUS_CREDENTIAL = 'anonymous';

const ids = (triggerId: number, accountId: string): GttIdResponse => ({
  trigger_id: triggerId,
  gtt_id: triggerId,
  account_id: accountId,
});

@ApiTags('gtt')
@ApiExtraModels(TriggerRangeEntry)
@ApiResponse({ status: HttpStatus.BAD_REQUEST, type: ErrorEnvelope, description: 'Invalid parameters or rule broken' })
@ApiResponse({
  status: HttpStatus.FORBIDDEN,
  type: ErrorEnvelope,
  description: 'The credential may not use this account',
})
@ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope, description: 'No such account' })
@ApiResponse({ status: HttpStatus.SERVICE_UNAVAILABLE, type: ErrorEnvelope, description: 'The account needs a login' })
@Controller('gtt')
export class GttController {
  constructor(private readonly gtt: GttService) {}

  @Get()
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Every GTT in the account’s GTT book (any status)' })
  @ApiOkResponse({ type: TriggerResponse, isArray: true })
  list(@Query() { account_id }: AccountQuery, @CurrentPrincipal() principal?: Principal): Promise<TriggerResponse[]> {
    assertAccountAccess(principal, account_id);
    return this.gtt.list(account_id);
  }

  @Get(':id')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'One GTT' })
  @ApiOkResponse({ type: TriggerResponse })
  get(
    @Param() { id }: TriggerIdParams,
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<TriggerResponse> {
    assertAccountAccess(principal, account_id);
    return this.gtt.get(account_id, id);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({
    summary: 'Places a single or two-leg (OCO) GTT, validated against the tick and lot size and the live price',
    description:
      'With an Idempotency-Key header, repeating the request (same key, same body, same credential) answers the same ' +
      'trigger (header Idempotent-Replayed: true) instead of placing another; the same key with another body is 422.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 printable ASCII characters' })
  @ApiCreatedResponse({ type: GttIdResponse })
  @ApiResponse({ status: HttpStatus.CONFLICT, type: ErrorEnvelope, description: 'Same key still in progress' })
  @ApiResponse({
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    type: ErrorEnvelope,
    description: 'Key reused, or Kite refused',
  })
  @ApiResponse({ status: HttpStatus.GATEWAY_TIMEOUT, type: ErrorEnvelope, description: 'Kite did not answer' })
  async create(
    @Body() body: GttBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<GttIdResponse> {
    assertAccountAccess(principal, body.account_id);
    const result = await this.gtt.create(body, {
      credentialId: principal?.id ?? ANONYMOUS_CREDENTIAL,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    });
    if (result.replayed) {
      void reply.header(REPLAYED_HEADER, 'true');
    }
    return ids(result.triggerId, body.account_id);
  }

  @Post('trigger-range')
  @HttpCode(HttpStatus.OK)
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({
    summary: 'The nearest trigger values Kite accepts around the live last price (the Python service’s contract)',
  })
  @ApiOkResponse({
    schema: { type: 'object', additionalProperties: { $ref: getSchemaPath(TriggerRangeEntry) } },
    description: 'Keyed by EXCHANGE:TRADINGSYMBOL',
  })
  triggerRange(
    @Body() body: TriggerRangeBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<Record<string, TriggerRangeEntry>> {
    assertAccountAccess(principal, body.account_id);
    return this.gtt.triggerRange(body);
  }

  @Put(':id')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Modifies an active GTT (the whole condition and orders are replaced)' })
  @ApiOkResponse({ type: GttIdResponse })
  async modify(
    @Param() { id }: TriggerIdParams,
    @Body() body: GttBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<GttIdResponse> {
    assertAccountAccess(principal, body.account_id);
    return ids(await this.gtt.modify(id, body), body.account_id);
  }

  @Put()
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Deprecated (Python path, gtt_id in the body): use PUT /gtt/{id}', deprecated: true })
  @ApiOkResponse({ type: GttIdResponse })
  async legacyModify(
    @Body() body: LegacyModifyGttBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<GttIdResponse> {
    assertAccountAccess(principal, body.account_id);
    const { gtt_id: id, ...gtt } = body;
    return ids(await this.gtt.modify(id, gtt), body.account_id);
  }

  @Delete(':id')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Deletes an active GTT' })
  @ApiOkResponse({ type: GttIdResponse })
  async delete(
    @Param() { id }: TriggerIdParams,
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<GttIdResponse> {
    assertAccountAccess(principal, account_id);
    return ids(await this.gtt.delete(account_id, id), account_id);
  }

  @Delete()
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Deprecated (Python path, gtt_id in the body): use DELETE /gtt/{id}', deprecated: true })
  @ApiOkResponse({ type: GttIdResponse })
  async legacyDelete(
    @Body() body: LegacyDeleteGttBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<GttIdResponse> {
    assertAccountAccess(principal, body.account_id);
    return ids(await this.gtt.delete(body.account_id, body.gtt_id), body.account_id);
  }
}
