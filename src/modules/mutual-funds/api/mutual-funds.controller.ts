import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtension,
  ApiExtraModels,
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
import { MfInstrumentsCatalogue } from '../mf-instruments.catalogue.js';
import { MutualFundsService } from '../mutual-funds.service.js';
import {
  LegacyCancelMfOrderBody,
  LegacyCancelSipBody,
  LegacyModifySipBody,
  MfInstrumentsQuery,
  MfOrderIdParams,
  MfOrdersQuery,
  MfSipsQuery,
  ModifySipBody,
  PlaceMfOrderBody,
  PlaceSipBody,
  SipIdParams,
} from './dto/mf.dto.js';
import {
  MfHoldingResponse,
  MfInstrumentResponse,
  MfOrderIdResponse,
  MfOrderResponse,
  MfSipIdResponse,
  MfSipResponse,
} from './dto/mf-responses.dto.js';

const READ_SCOPE = ['orders:read'] as const;
const WRITE_SCOPE = ['orders:write'] as const;
const TOTAL_HEADER = 'X-Total-Count';
const oneOrMany = (model: new () => unknown) => ({
  oneOf: [{ $ref: getSchemaPath(model) }, { type: 'array', items: { $ref: getSchemaPath(model) } }],
});

@ApiTags('mutual funds')
@ApiExtraModels(MfOrderResponse, MfSipResponse)
@ApiResponse({
  status: HttpStatus.BAD_REQUEST,
  type: ErrorEnvelope,
  description: 'Invalid parameters, or Kite refused',
})
@ApiResponse({
  status: HttpStatus.FORBIDDEN,
  type: ErrorEnvelope,
  description: 'The credential may not use this account',
})
@ApiResponse({ status: HttpStatus.NOT_FOUND, type: ErrorEnvelope, description: 'No such account' })
@ApiResponse({ status: HttpStatus.SERVICE_UNAVAILABLE, type: ErrorEnvelope, description: 'The account needs a login' })
@Controller('mf')
export class MutualFundsController {
  constructor(
    private readonly funds: MutualFundsService,
    private readonly catalogue: MfInstrumentsCatalogue,
  ) {}

  @Get('orders')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'MF orders of the account; with ?order_id= one order (the Python form)' })
  @ApiOkResponse({ schema: oneOrMany(MfOrderResponse) })
  orders(
    @Query() { account_id, order_id }: MfOrdersQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfOrderResponse[] | MfOrderResponse> {
    assertAccountAccess(principal, account_id);
    return order_id === undefined ? this.funds.orders(account_id) : this.funds.order(account_id, order_id);
  }

  @Get('orders/:order_id')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'One MF order' })
  @ApiOkResponse({ type: MfOrderResponse })
  order(
    @Param() { order_id }: MfOrderIdParams,
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfOrderResponse> {
    assertAccountAccess(principal, account_id);
    return this.funds.order(account_id, order_id);
  }

  @Post('orders')
  @HttpCode(HttpStatus.CREATED)
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Places an MF purchase (amount) or redemption (quantity); never retried' })
  @ApiCreatedResponse({ type: MfOrderIdResponse })
  async placeOrder(
    @Body() body: PlaceMfOrderBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfOrderIdResponse> {
    assertAccountAccess(principal, body.account_id);
    return { order_id: await this.funds.placeOrder(body), account_id: body.account_id };
  }

  @Delete('orders/:order_id')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Cancels an open MF order' })
  @ApiOkResponse({ type: MfOrderIdResponse })
  async cancelOrder(
    @Param() { order_id }: MfOrderIdParams,
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfOrderIdResponse> {
    assertAccountAccess(principal, account_id);
    return { order_id: await this.funds.cancelOrder(account_id, order_id), account_id };
  }

  @Delete('orders')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({
    summary: 'Deprecated (Python path, order_id in the body): use DELETE /mf/orders/{order_id}',
    deprecated: true,
  })
  @ApiOkResponse({ type: MfOrderIdResponse })
  async legacyCancelOrder(
    @Body() { account_id, order_id }: LegacyCancelMfOrderBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfOrderIdResponse> {
    assertAccountAccess(principal, account_id);
    return { order_id: await this.funds.cancelOrder(account_id, order_id), account_id };
  }

  @Get('sips')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'SIPs of the account; with ?sip_id= one SIP (the Python form)' })
  @ApiOkResponse({ schema: oneOrMany(MfSipResponse) })
  sips(
    @Query() { account_id, sip_id }: MfSipsQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfSipResponse[] | MfSipResponse> {
    assertAccountAccess(principal, account_id);
    return sip_id === undefined ? this.funds.sips(account_id) : this.funds.sip(account_id, sip_id);
  }

  @Get('sips/:sip_id')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'One SIP' })
  @ApiOkResponse({ type: MfSipResponse })
  sip(
    @Param() { sip_id }: SipIdParams,
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfSipResponse> {
    assertAccountAccess(principal, account_id);
    return this.funds.sip(account_id, sip_id);
  }

  @Post('sips')
  @HttpCode(HttpStatus.CREATED)
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Registers a SIP (weekly, monthly on a day, or quarterly); never retried' })
  @ApiCreatedResponse({ type: MfSipIdResponse })
  async placeSip(@Body() body: PlaceSipBody, @CurrentPrincipal() principal?: Principal): Promise<MfSipIdResponse> {
    assertAccountAccess(principal, body.account_id);
    return { sip_id: await this.funds.placeSip(body), account_id: body.account_id };
  }

  @Put('sips/:sip_id')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Changes a SIP’s amount, schedule or instalments, or pauses/resumes it' })
  @ApiOkResponse({ type: MfSipIdResponse })
  async modifySip(
    @Param() { sip_id }: SipIdParams,
    @Body() body: ModifySipBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfSipIdResponse> {
    assertAccountAccess(principal, body.account_id);
    return { sip_id: await this.funds.modifySip(sip_id, body), account_id: body.account_id };
  }

  @Put('sips')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({
    summary: 'Deprecated (Python path, sip_id in the body): use PUT /mf/sips/{sip_id}',
    deprecated: true,
  })
  @ApiOkResponse({ type: MfSipIdResponse })
  async legacyModifySip(
    @Body() body: LegacyModifySipBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfSipIdResponse> {
    assertAccountAccess(principal, body.account_id);
    const { sip_id, ...changes } = body;
    return { sip_id: await this.funds.modifySip(sip_id, changes), account_id: body.account_id };
  }

  @Delete('sips/:sip_id')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({ summary: 'Cancels a SIP' })
  @ApiOkResponse({ type: MfSipIdResponse })
  async cancelSip(
    @Param() { sip_id }: SipIdParams,
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfSipIdResponse> {
    assertAccountAccess(principal, account_id);
    return { sip_id: await this.funds.cancelSip(account_id, sip_id), account_id };
  }

  @Delete('sips')
  @RequireScopes(...WRITE_SCOPE)
  @ApiExtension('x-required-scopes', WRITE_SCOPE)
  @ApiOperation({
    summary: 'Deprecated (Python path, sip_id in the body): use DELETE /mf/sips/{sip_id}',
    deprecated: true,
  })
  @ApiOkResponse({ type: MfSipIdResponse })
  async legacyCancelSip(
    @Body() { account_id, sip_id }: LegacyCancelSipBody,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfSipIdResponse> {
    assertAccountAccess(principal, account_id);
    return { sip_id: await this.funds.cancelSip(account_id, sip_id), account_id };
  }

  @Get('holdings')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({ summary: 'Mutual fund units held' })
  @ApiOkResponse({ type: MfHoldingResponse, isArray: true })
  holdings(
    @Query() { account_id }: AccountQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfHoldingResponse[]> {
    assertAccountAccess(principal, account_id);
    return this.funds.holdings(account_id);
  }

  @Get('instruments')
  @RequireScopes(...READ_SCOPE)
  @ApiExtension('x-required-scopes', READ_SCOPE)
  @ApiOperation({
    summary: 'Kite’s mutual fund list (downloaded once a day and cached), filtered and paged',
    description: `The total number of matching funds is in the ${TOTAL_HEADER} header.`,
  })
  @ApiOkResponse({ type: MfInstrumentResponse, isArray: true })
  async instruments(
    @Query() query: MfInstrumentsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<MfInstrumentResponse[]> {
    const { account_id, limit, offset, ...filter } = query;
    assertAccountAccess(principal, account_id);
    const { rows, total } = await this.catalogue.list(account_id, filter);
    void reply.header(TOTAL_HEADER, String(total));
    return rows.slice(offset, offset + limit);
  }
}
