import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountSessionService } from './account-session.service.js';
import { AccountsHealth } from './accounts-health.js';
import { AccountsMetrics, accountsMetricProviders } from './accounts.metrics.js';
import { AccountsScheduler } from './accounts.scheduler.js';
import { AccountsController } from './api/accounts.controller.js';
import { secretCipherProvider } from './crypto/secret-cipher.provider.js';
import { KiteConnectFactory } from './kite/kite-connect.factory.js';
import { LoginStateRepository } from './login/login-state.repository.js';
import { LoginStateService } from './login/login-state.service.js';
import { AccountRegistry } from './orchestration/account-registry.js';
import { SessionOrchestrator } from './orchestration/session-orchestrator.js';
import { AccountSessionEvents } from './orchestration/session-events.js';
import { KiteAccountEntity } from './persistence/kite-account.entity.js';
import { KiteAccountRepository } from './persistence/kite-account.repository.js';
import { KiteRateLimitStoreProvider } from './resilience/rate-limit-store.provider.js';
import { SessionRestorer } from './session/session-restorer.js';
import { SessionVault } from './session/session-vault.js';

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
    AccountSessionEvents,
    AccountRegistry,
    LoginStateRepository,
    LoginStateService,
    SessionVault,
    SessionRestorer,
    AccountSessionService,
    SessionOrchestrator,
    AccountsHealth,
    AccountsScheduler,
  ],
  exports: [SessionOrchestrator],
})
export class AccountsModule {}
