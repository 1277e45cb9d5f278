import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountStatus } from '../domain/account-status.js';

export type ConfiguredTokenOutcome = 'adopted' | 'passed_over' | 'rejected';

/** A Kite account as stored. Secrets are sealed (see SecretCipher); this entity never leaves the module. */
@Entity({ name: 'kite_account' })
export class KiteAccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column({ name: 'api_key', type: 'text' }) apiKey!: string;
  @Column({ name: 'api_secret_sealed', type: 'text' }) apiSecretSealed!: string;
  @Column({ name: 'access_token_sealed', type: 'text', nullable: true }) accessTokenSealed!: string | null;
  @Column({ type: 'text' }) status!: AccountStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason!: string | null;
  @Column({ name: 'kite_user_id', type: 'text', nullable: true }) kiteUserId!: string | null;
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt!: Date | null;
  @Column({ name: 'token_expires_at', type: 'timestamptz', nullable: true }) tokenExpiresAt!: Date | null;
  /** Incremented by every stored session (login, PUT /token, adopted configured token). */
  @Column({ name: 'session_version', type: 'integer', insert: false }) sessionVersion!: number;
  /** The configured access_token last settled (see configured-token-policy.ts). */
  @Column({ name: 'configured_token_fingerprint', type: 'text', nullable: true })
  configuredTokenFingerprint!: string | null;
  @Column({ name: 'configured_token_session_version', type: 'integer', nullable: true })
  configuredTokenSessionVersion!: number | null;
  @Column({ name: 'configured_token_outcome', type: 'text', nullable: true })
  configuredTokenOutcome!: ConfiguredTokenOutcome | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
