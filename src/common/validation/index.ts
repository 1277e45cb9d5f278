export { IsIsoCalendarDate, isIsoCalendarDate } from './is-iso-calendar-date.js';
export { AccountPathParams, AccountQuery } from './account-id.dto.js';
