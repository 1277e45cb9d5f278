import { Injectable } from '@nestjs/common';
import { type FieldViolation, RequestValidationError } from '../../common/errors/index.js';
import { type MfSipModifyParams, SessionOrchestrator } from '../accounts/index.js';
import { PortfolioService } from '../portfolio/index.js';
import type { ModifySipBody, PlaceMfOrderBody, PlaceSipBody } from './api/dto/mf.dto.js';
import type { MfHoldingResponse, MfOrderResponse, MfSipResponse } from './api/dto/mf-responses.dto.js';
import { toMfHoldings, toMfOrder, toMfOrders, toMfSip, toMfSips } from './mapping/mf.mapper.js';

/** Kite's spelling wins; the Python spelling is accepted; both with different values is an error. */
const aliased = (
  violations: FieldViolation[],
  canonical: string,
  alias: string,
  value: number | undefined,
  legacy: number | undefined,
): number | undefined => {
  if (value !== undefined && legacy !== undefined && value !== legacy) {
    violations.push({ field: alias, rule: 'conflictingAlias', message: `${alias} and ${canonical} differ` });
  }
  return value ?? legacy;
};

const fail = (violations: FieldViolation[]): void => {
  if (violations.length > 0) {
    throw new RequestValidationError(violations);
  }
};

/** Mutual fund orders, SIPs and holdings through the guarded client (validated passthroughs). */
@Injectable()
export class MutualFundsService {
  constructor(
    private readonly kite: SessionOrchestrator,
    private readonly portfolio: PortfolioService,
  ) {}

  orders(accountId: string): Promise<MfOrderResponse[]> {
    return this.kite.forAccount(accountId, async (client) => toMfOrders(accountId, await client.getMfOrders()));
  }

  order(accountId: string, orderId: string): Promise<MfOrderResponse> {
    return this.kite.forAccount(accountId, async (client) => toMfOrder(accountId, await client.getMfOrder(orderId)));
  }

  /** A purchase is by amount, a redemption by units (Kite refuses the other field). Never retried. */
  async placeOrder(body: PlaceMfOrderBody): Promise<string> {
    const violations: FieldViolation[] = [];
    if (body.transaction_type === 'BUY') {
      if (body.amount === undefined) {
        violations.push({ field: 'amount', rule: 'requiredForBuy', message: 'a purchase needs an amount' });
      }
      if (body.quantity !== undefined) {
        violations.push({ field: 'quantity', rule: 'notForBuy', message: 'a purchase is by amount, not units' });
      }
    } else {
      if (body.quantity === undefined) {
        violations.push({ field: 'quantity', rule: 'requiredForSell', message: 'a redemption needs a quantity' });
      }
      if (body.amount !== undefined) {
        violations.push({ field: 'amount', rule: 'notForSell', message: 'a redemption is by units, not amount' });
      }
    }
    fail(violations);
    const { account_id: accountId, ...params } = body;
    try {
      const { orderId } = await this.kite.forAccount(accountId, (client) => client.placeMfOrder(params));
      return orderId;
    } finally {
      // Purchases block funds: the account's cached margins are stale whatever Kite answered.
      this.portfolio.invalidate(accountId, ['margins'], 'mf_order');
    }
  }

  async cancelOrder(accountId: string, orderId: string): Promise<string> {
    try {
      const { orderId: id } = await this.kite.forAccount(accountId, (client) => client.cancelMfOrder(orderId));
      return id;
    } finally {
      this.portfolio.invalidate(accountId, ['margins'], 'mf_order');
    }
  }

  sips(accountId: string): Promise<MfSipResponse[]> {
    return this.kite.forAccount(accountId, async (client) => toMfSips(accountId, await client.getMfSips()));
  }

  sip(accountId: string, sipId: string): Promise<MfSipResponse> {
    return this.kite.forAccount(accountId, async (client) => toMfSip(accountId, await client.getMfSip(sipId)));
  }

  async placeSip(body: PlaceSipBody): Promise<string> {
    const violations: FieldViolation[] = [];
    const instalments = aliased(violations, 'instalments', 'installments', body.instalments, body.installments);
    const day = aliased(violations, 'instalment_day', 'installment_day', body.instalment_day, body.installment_day);
    if (body.frequency === undefined) {
      violations.push({ field: 'frequency', rule: 'required', message: 'frequency is required' });
    }
    if (instalments === undefined || instalments === 0) {
      violations.push({
        field: 'instalments',
        rule: 'required',
        message: 'instalments: -1 (until cancelled) or at least 1',
      });
    }
    if (body.frequency === 'monthly' && day === undefined) {
      violations.push({ field: 'instalment_day', rule: 'requiredForMonthly', message: 'a monthly SIP needs its day' });
    }
    fail(violations);
    try {
      const { sipId } = await this.kite.forAccount(body.account_id, (client) =>
        client.placeMfSip({
          tradingsymbol: body.tradingsymbol,
          amount: body.amount,
          instalments: instalments!,
          frequency: body.frequency!,
          ...(day !== undefined ? { instalment_day: day } : {}),
          ...(body.initial_amount !== undefined ? { initial_amount: body.initial_amount } : {}),
          ...(body.tag !== undefined ? { tag: body.tag } : {}),
        }),
      );
      return sipId;
    } finally {
      if (body.initial_amount !== undefined) {
        this.portfolio.invalidate(body.account_id, ['margins'], 'mf_order');
      }
    }
  }

  async modifySip(sipId: string, body: ModifySipBody): Promise<string> {
    const violations: FieldViolation[] = [];
    const instalments = aliased(violations, 'instalments', 'installments', body.instalments, body.installments);
    const day = aliased(violations, 'instalment_day', 'installment_day', body.instalment_day, body.installment_day);
    if (instalments === 0) {
      violations.push({
        field: 'instalments',
        rule: 'nonZero',
        message: 'instalments: -1 (until cancelled) or at least 1',
      });
    }
    const changes: MfSipModifyParams = {
      ...(body.amount !== undefined ? { amount: body.amount } : {}),
      ...(body.frequency !== undefined ? { frequency: body.frequency } : {}),
      ...(instalments !== undefined ? { instalments } : {}),
      ...(day !== undefined ? { instalment_day: day } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
    };
    if (Object.keys(changes).length === 0) {
      violations.push({
        field: 'body',
        rule: 'atLeastOneChange',
        message: 'give at least one of amount, frequency, instalments, instalment_day, status',
      });
    }
    fail(violations);
    const { sipId: id } = await this.kite.forAccount(body.account_id, (client) => client.modifyMfSip(sipId, changes));
    return id;
  }

  async cancelSip(accountId: string, sipId: string): Promise<string> {
    const { sipId: id } = await this.kite.forAccount(accountId, (client) => client.cancelMfSip(sipId));
    return id;
  }

  holdings(accountId: string): Promise<MfHoldingResponse[]> {
    return this.kite.forAccount(accountId, async (client) => toMfHoldings(await client.getMfHoldings()));
  }
}
