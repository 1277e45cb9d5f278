import {
  dateStringToDay,
  dayParts,
  dayToDateString,
  formatIstDateTime,
  istDayNumber,
  istTimeOnDay,
} from '../../common/time/ist.js';
import type { SimClock } from '../clock/sim-clock.js';
import { MAX_TAG_LENGTH } from '../orders/order-types.js';
import { inputError } from '../rest/http-kit.js';
import type { SimUser } from '../session/session-store.js';
import type { MfBook } from './mf-book.js';
import { SIP_FREQUENCIES, type KiteSip, type SipFrequency } from './mf-types.js';

const FIRST_SIP_ID = 890_000_000_000_001;
const MAX_SIPS_PER_USER = 500;
const MAX_INSTALMENT_DAY = 28;
const DAYS_PER_WEEK = 7;
const MONTHS_PER_QUARTER = 3;
const MONTHS_PER_YEAR = 12;
/** Instalments are placed from this IST time on their due date. */
const INSTALMENT_MINUTE = 9 * 60;
const TAG_RE = /^[A-Za-z0-9]*$/;

interface SipRecord {
  user: SimUser;
  sip: KiteSip;
}

const integer = (raw: string | null, field: string): number | undefined => {
  if (raw === null || raw === '') {
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    throw inputError(`Invalid \`${field}\`.`);
  }
  return n;
};

/** The first date strictly after `day` that falls on `dayOfMonth`, `months` months apart from the last. */
const addMonths = (day: number, months: number, dayOfMonth: number): number => {
  const { year, month } = dayParts(day);
  const index = year * MONTHS_PER_YEAR + (month - 1) + months;
  const y = Math.floor(index / MONTHS_PER_YEAR);
  const m = (index % MONTHS_PER_YEAR) + 1;
  return dateStringToDay(`${y}-${String(m).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`)!;
};

const nextDue = (after: number, frequency: SipFrequency, instalmentDay: number): number => {
  if (frequency === 'weekly') {
    return after + DAYS_PER_WEEK;
  }
  const dom = instalmentDay > 0 ? instalmentDay : Math.min(dayParts(after).dayOfMonth, MAX_INSTALMENT_DAY);
  const sameMonth = addMonths(after, 0, dom);
  if (frequency === 'monthly') {
    return sameMonth > after ? sameMonth : addMonths(after, 1, dom);
  }
  return addMonths(after, MONTHS_PER_QUARTER, dom);
};

/** Mutual fund SIPs: registered, modified, paused, cancelled; due instalments become MF orders. */
export class MfSips {
  private readonly users = new Map<string, Map<string, SipRecord>>();
  private nextId = FIRST_SIP_ID;

  constructor(
    private readonly funds: MfBook,
    private readonly clock: SimClock,
  ) {}

  place(user: SimUser, params: URLSearchParams): string {
    const fund = this.funds.fundOrThrow(params.get('tradingsymbol'));
    if (!fund.purchase_allowed) {
      throw inputError('Purchase is not allowed for this fund.');
    }
    const amount = this.amount(params.get('amount'), fund.minimum_additional_purchase_amount);
    const frequency = this.frequency(params.get('frequency'));
    const instalments = this.instalments(params.get('instalments'));
    const instalmentDay = this.instalmentDay(params.get('instalment_day'), frequency);
    const tag = params.get('tag');
    if (tag !== null && (tag.length > MAX_TAG_LENGTH || !TAG_RE.test(tag))) {
      throw inputError('Invalid `tag`. Tag should be alphanumeric and up to 20 characters.');
    }
    const book = this.bookFor(user.userId);
    if (book.size >= MAX_SIPS_PER_USER) {
      throw inputError('Too many SIPs.');
    }
    const initial = params.get('initial_amount');
    if (initial !== null && initial !== '') {
      this.funds.place(
        user,
        new URLSearchParams({ tradingsymbol: fund.tradingsymbol, transaction_type: 'BUY', amount: initial }),
      );
    }
    const now = this.clock.now();
    const sipId = String(this.nextId++);
    book.set(sipId, {
      user,
      sip: {
        sip_id: sipId,
        tradingsymbol: fund.tradingsymbol,
        fund: fund.name,
        dividend_type: fund.dividend_type,
        transaction_type: 'BUY',
        status: 'ACTIVE',
        sip_type: 'sip',
        created: formatIstDateTime(now),
        frequency,
        instalment_amount: amount,
        instalments,
        last_instalment: null,
        pending_instalments: instalments,
        instalment_day: instalmentDay,
        completed_instalments: 0,
        next_instalment: dayToDateString(nextDue(istDayNumber(now), frequency, instalmentDay)),
        trigger_price: 0,
        step_up: {},
        tag: tag === null || tag === '' ? null : tag,
        sip_reg_num: null,
        fund_source: '',
      },
    });
    return sipId;
  }

  modify(user: SimUser, sipId: string, params: URLSearchParams): string {
    const { sip } = this.find(user, sipId);
    if (sip.status === 'CANCELLED' || sip.status === 'COMPLETED') {
      throw inputError(`SIP is ${sip.status.toLowerCase()} and cannot be modified.`);
    }
    const fund = this.funds.fundOrThrow(sip.tradingsymbol);
    const amount = params.get('amount');
    const frequency = params.get('frequency') ? this.frequency(params.get('frequency')) : sip.frequency;
    const instalments = params.get('instalments') ? this.instalments(params.get('instalments')) : sip.instalments;
    const day = params.get('instalment_day')
      ? this.instalmentDay(params.get('instalment_day'), frequency)
      : sip.instalment_day;
    const status = params.get('status');
    if (status !== null && status !== 'active' && status !== 'paused') {
      throw inputError('Invalid `status`. Must be active or paused.');
    }
    if (amount !== null && amount !== '') {
      sip.instalment_amount = this.amount(amount, fund.minimum_additional_purchase_amount);
    }
    sip.pending_instalments = instalments < 0 ? -1 : Math.max(instalments - sip.completed_instalments, 0);
    Object.assign(sip, { frequency, instalments, instalment_day: day });
    sip.next_instalment = dayToDateString(nextDue(istDayNumber(this.clock.now()), frequency, day));
    if (status !== null) {
      sip.status = status === 'paused' ? 'PAUSED' : 'ACTIVE';
    }
    return sipId;
  }

  cancel(user: SimUser, sipId: string): string {
    const { sip } = this.find(user, sipId);
    if (sip.status === 'CANCELLED') {
      throw inputError('SIP is already cancelled.');
    }
    sip.status = 'CANCELLED';
    return sipId;
  }

  list(userId: string): KiteSip[] {
    return [...(this.users.get(userId)?.values() ?? [])].map((r) => r.sip).reverse();
  }

  get(user: SimUser, sipId: string): KiteSip {
    return this.find(user, sipId).sip;
  }

  /** Places the instalments that have fallen due (from 09:00 IST on their date). */
  process(): void {
    const now = this.clock.now();
    const today = istDayNumber(now);
    for (const book of this.users.values()) {
      for (const { user, sip } of book.values()) {
        const due = dateStringToDay(sip.next_instalment) ?? Number.POSITIVE_INFINITY;
        if (sip.status !== 'ACTIVE' || due > today || now < istTimeOnDay(due, 0, INSTALMENT_MINUTE)) {
          continue;
        }
        const params = new URLSearchParams({
          tradingsymbol: sip.tradingsymbol,
          transaction_type: 'BUY',
          amount: String(sip.instalment_amount),
        });
        this.funds.place(user, params, 'sip');
        sip.completed_instalments += 1;
        sip.last_instalment = formatIstDateTime(now);
        sip.next_instalment = dayToDateString(nextDue(due, sip.frequency, sip.instalment_day));
        if (sip.pending_instalments > 0) {
          sip.pending_instalments -= 1;
          if (sip.pending_instalments === 0) {
            sip.status = 'COMPLETED';
          }
        }
      }
    }
  }

  private amount(raw: string | null, minimum: number): number {
    const amount = Number(raw);
    if (raw === null || raw === '' || !Number.isFinite(amount) || amount <= 0) {
      throw inputError('Invalid `amount`.');
    }
    if (amount < minimum) {
      throw inputError(`Minimum instalment amount is ${minimum}.`);
    }
    return amount;
  }

  private frequency(raw: string | null): SipFrequency {
    if (!(SIP_FREQUENCIES as readonly (string | null)[]).includes(raw)) {
      throw inputError('Invalid `frequency`. Must be weekly, monthly or quarterly.');
    }
    return raw as SipFrequency;
  }

  private instalments(raw: string | null): number {
    const n = integer(raw, 'instalments');
    if (n === undefined || (n !== -1 && n < 1)) {
      throw inputError('Invalid `instalments`: -1 (until cancelled) or at least 1.');
    }
    return n;
  }

  private instalmentDay(raw: string | null, frequency: SipFrequency): number {
    const n = integer(raw, 'instalment_day');
    if (frequency !== 'monthly') {
      return 0;
    }
    if (n === undefined || n < 1 || n > MAX_INSTALMENT_DAY) {
      throw inputError(`Invalid \`instalment_day\`: 1 to ${MAX_INSTALMENT_DAY} for monthly SIPs.`);
    }
    return n;
  }

  private find(user: SimUser, sipId: string): SipRecord {
    const record = this.users.get(user.userId)?.get(sipId);
    if (!record) {
      throw inputError("Couldn't find that `sip_id`.");
    }
    return record;
  }

  private bookFor(userId: string): Map<string, SipRecord> {
    let book = this.users.get(userId);
    if (!book) {
      book = new Map();
      this.users.set(userId, book);
    }
    return book;
  }
}
