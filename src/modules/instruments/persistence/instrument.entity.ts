import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row of Kite's instrument master. Registered for the schema; reads and the bulk upsert use
 * explicit SQL (InstrumentRepository) because the sync works on ~100k rows at a time.
 */
@Entity({ name: 'instrument' })
export class InstrumentEntity {
  @PrimaryColumn({ name: 'instrument_token', type: 'bigint' }) instrumentToken!: string;
  @Column({ name: 'exchange_token', type: 'bigint' }) exchangeToken!: string;
  @Column({ type: 'text' }) tradingsymbol!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) exchange!: string;
  @Column({ type: 'text' }) segment!: string;
  @Column({ name: 'instrument_type', type: 'text' }) instrumentType!: string;
  @Column({ type: 'date', nullable: true }) expiry!: string | null;
  @Column({ type: 'numeric' }) strike!: string;
  @Column({ name: 'tick_size', type: 'numeric' }) tickSize!: string;
  @Column({ name: 'lot_size', type: 'integer' }) lotSize!: number;
  @Column({ name: 'first_seen_at', type: 'timestamptz' }) firstSeenAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
