import type { ServerResponse } from 'node:http';
import type { RateCategory } from './rate-limiter.js';
import type { KiteRequest } from './rest-context.js';

export type Handler = (req: KiteRequest, res: ServerResponse) => unknown;

/** One Kite REST route: method, path pattern (`:name` segments are parameters), auth and rate bucket. */
export interface Route {
  method: string;
  pattern: string[];
  auth: boolean;
  category: RateCategory | undefined;
  handler: (params: string[]) => Handler;
}

export const route = (
  method: string,
  path: string,
  auth: boolean,
  category: RateCategory | undefined,
  handler: (params: string[]) => Handler,
): Route => ({ method, pattern: path.split('/').filter(Boolean), auth, category, handler });
