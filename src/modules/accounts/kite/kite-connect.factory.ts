import { Injectable } from '@nestjs/common';
import { type Connect, KiteConnect } from 'kiteconnect';
import { AppConfig } from '../../../config/index.js';
import { KITE_HTTP_STATUS } from './kite-error-normaliser.js';

interface AxiosErrorLike {
  response?: { status?: number; data?: unknown };
}

interface InterceptorHandler {
  fulfilled?: (value: unknown) => unknown;
  rejected: (error: Error) => unknown;
  synchronous: boolean;
  runWhen: null;
}

/** The axios instance inside kiteconnect 5.3 (not in its published types). */
interface WithAxios {
  requestInstance?: { interceptors?: { response?: { handlers?: InterceptorHandler[] } } };
}

/**
 * kiteconnect's own interceptor rejects with the JSON body alone, dropping the HTTP status. Ours runs
 * just before it and records the status on the body (a non-enumerable symbol), so typed errors keep it.
 */
const rememberHttpStatus = (error: Error): Promise<never> => {
  const response = (error as AxiosErrorLike).response;
  if (typeof response?.status === 'number' && typeof response.data === 'object' && response.data !== null) {
    Object.defineProperty(response.data, KITE_HTTP_STATUS, { value: response.status, enumerable: false });
  }
  return Promise.reject(error);
};

/** Builds official kiteconnect clients pointed at the configured root (Kite, or the simulator). */
@Injectable()
export class KiteConnectFactory {
  constructor(private readonly config: AppConfig) {}

  create(apiKey: string, accessToken?: string, onSessionExpired?: () => void): Connect {
    const { apiRoot, requestTimeoutMs } = this.config.get('accounts');
    const kite = new KiteConnect({
      api_key: apiKey,
      access_token: accessToken,
      root: apiRoot,
      timeout: requestTimeoutMs,
    });
    if (onSessionExpired) {
      kite.setSessionExpiryHook(onSessionExpired);
    }
    // Response interceptors run in registration order; ours must see the error before kiteconnect's.
    (kite as unknown as WithAxios).requestInstance?.interceptors?.response?.handlers?.unshift({
      rejected: rememberHttpStatus,
      synchronous: false,
      runWhen: null,
    });
    return kite;
  }
}
