export { IsIsoCalendarDate, isIsoCalendarDate } from './is-iso-calendar-date.js';
