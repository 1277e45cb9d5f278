export const ACCOUNT_STATUSES = ['active', 'needs_login', 'disabled'] as const;
/** active: has a token believed valid; needs_login: no token, or Kite rejected or expired it; disabled: no longer configured. */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
