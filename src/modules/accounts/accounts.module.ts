import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountSessionService } from './account-session.service.js';
import { AccountsMetrics, accountsMetricProviders } from './accounts.metrics.js';
import { AccountsScheduler } from './accounts.scheduler.js';
import { AccountsController } from './api/accounts.controller.js';
import { secretCipherProvider } from './crypto/secret-cipher.provider.js';
import { KiteConnectFactory } from './kite/kite-connect.factory.js';
import { KiteReadiness } from './kite-readiness.js';
import { AccountRegistry } from './orchestration/account-registry.js';
import { SessionOrchestrator } from './orchestration/session-orchestrator.js';
import { KiteAccountEntity } from './persistence/kite-account.entity.js';
import { KiteAccountRepository } from './persistence/kite-account.repository.js';
import { KiteRateLimitStoreProvider } from './resilience/rate-limit-store.provider.js';

/** Kite accounts, their sessions, and the guarded REST client every other module reaches Kite through. */
@Module({
  imports: [TypeOrmModule.forFeature([KiteAccountEntity])],
  controllers: [AccountsController],
  providers: [
    ...accountsMetricProviders,
    AccountsMetrics,
    secretCipherProvider,
    KiteConnectFactory,
    KiteAccountRepository,
    KiteRateLimitStoreProvider,
    AccountRegistry,
    AccountSessionService,
    SessionOrchestrator,
    KiteReadiness,
    AccountsScheduler,
  ],
  exports: [SessionOrchestrator],
})
export class AccountsModule {}
