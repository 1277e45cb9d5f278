import { isIP } from 'node:net';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Principal, SCOPES, type Scope } from '../../common/auth/index.js';
import { AppConfig } from '../../config/index.js';

/** Everything but key and account administration: even the demo never exposes an open admin API. */
export const LOCAL_DEMO_SCOPES: readonly Scope[] = SCOPES.filter((scope) => scope !== 'accounts:admin');

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

export const isLoopbackAddress = (address: string | undefined): boolean => {
  if (address === undefined) {
    return false;
  }
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (LOOPBACK_NAMES.has(plain)) {
    return true;
  }
  return isIP(plain) === 4 && plain.startsWith('127.');
};

const hostOf = (value: string): string | undefined => {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname;
  } catch {
    return undefined;
  }
};

/**
 * Zero-setup demo: with no Kite account configured, a loopback bind, no trusted proxy and NODE_ENV other
 * than production, requests from this machine without credentials act as a `local_demo` principal.
 * Per request it also requires a loopback peer, a loopback Host header (DNS rebinding) and no cross-site
 * browser origin (a web page the user visits cannot drive the API through their browser).
 */
@Injectable()
export class LocalDemoPolicy implements OnApplicationBootstrap {
  private readonly logger = new Logger(LocalDemoPolicy.name);
  readonly enabled: boolean;
  readonly reason: string;
  private readonly principal: Principal = {
    kind: 'local_demo',
    id: 'local-demo',
    name: 'local demo (loopback, no credentials)',
    scopes: new Set(LOCAL_DEMO_SCOPES),
  };

  constructor(config: AppConfig) {
    const { host, nodeEnv } = config.get('app');
    const blockers = [
      config.get('auth').localDemo === 'off' ? 'AUTH_LOCAL_DEMO=off' : undefined,
      config.get('accounts').accounts.length > 0 ? 'a Kite account is configured' : undefined,
      isLoopbackAddress(host) || host === 'localhost' ? undefined : `HOST=${host} is not a loopback address`,
      config.get('security').trustProxy.length > 0 ? 'TRUST_PROXY is set' : undefined,
      nodeEnv === 'production' ? 'NODE_ENV=production' : undefined,
    ].filter((reason): reason is string => reason !== undefined);
    this.enabled = blockers.length === 0;
    this.reason = blockers.join('; ');
  }

  onApplicationBootstrap(): void {
    if (this.enabled) {
      this.logger.warn(
        { scopes: LOCAL_DEMO_SCOPES },
        'Local demo access is ON: requests from this machine without credentials act as "local_demo" with every ' +
          'scope except accounts:admin. Configuring a Kite account, a non-loopback HOST, TRUST_PROXY or ' +
          'AUTH_LOCAL_DEMO=off turns it off.',
      );
    } else {
      this.logger.log({ reason: this.reason }, 'Local demo access is off: every request needs a credential');
    }
  }

  /** The demo principal for an uncredentialed request that qualifies, else undefined. */
  principalFor(request: FastifyRequest): Principal | undefined {
    if (!this.enabled || !isLoopbackAddress(request.socket.remoteAddress)) {
      return undefined;
    }
    if (!isLoopbackAddress(hostOf(request.headers.host ?? ''))) {
      return undefined;
    }
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return undefined;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isLoopbackAddress(hostOf(origin))) {
      return undefined;
    }
    return this.principal;
  }
}
