import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One idempotency key of a GTT placement. Registered for the schema; reads and writes use explicit SQL. */
@Entity({ name: 'gtt_idempotency_key' })
export class GttIdempotencyKeyEntity {
  @PrimaryColumn({ name: 'credential_id', type: 'text' }) credentialId!: string;
  @PrimaryColumn({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash!: string;
  @Column({ name: 'account_id', type: 'text' }) accountId!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ name: 'trigger_id', type: 'bigint', nullable: true }) triggerId!: string | null;
  @Column({ name: 'attempt_started_at', type: 'timestamptz' }) attemptStartedAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
}
