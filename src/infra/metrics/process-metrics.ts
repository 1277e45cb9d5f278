import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const PROCESS_ERRORS = 'ticker_process_errors_total';

export const processErrorsCounter = makeCounterProvider({
  name: PROCESS_ERRORS,
  help: 'Unhandled promise rejections and uncaught exceptions, by kind',
  labelNames: ['kind'],
});
