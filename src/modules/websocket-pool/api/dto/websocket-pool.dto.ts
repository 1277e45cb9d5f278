import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONNECTION_STATES } from '../../connection/pool-connection.js';
import type { CapacityView, PoolView } from '../../websocket-pool.types.js';

class ModeCountsResponse {
  @ApiProperty() ltp!: number;
  @ApiProperty() quote!: number;
  @ApiProperty() full!: number;
}

class UnplacedCountsResponse {
  @ApiProperty({ description: 'Every eligible connection is full' }) capacity!: number;
  @ApiProperty({ description: 'No account has an active session and a live connection' }) no_active_account!: number;
}

class CapacityFiguresResponse {
  @ApiProperty({ description: 'Instruments the live connections can stream' }) capacity!: number;
  @ApiProperty({ description: 'Instruments placed on them' }) used!: number;
  @ApiProperty() free!: number;
  @ApiProperty({ description: 'used / capacity (1 when nothing is available but something is placed)' })
  utilisation!: number;
}

class ConnectionResponse {
  @ApiProperty({ example: 'primary#1' }) id!: string;
  @ApiProperty() slot!: number;
  @ApiProperty({ enum: CONNECTION_STATES }) state!: string;
  @ApiProperty({ description: 'Instruments the plan assigns to this connection' }) tokens!: number;
  @ApiProperty({ description: 'Instruments subscribed on the current socket' }) subscribed!: number;
  @ApiProperty({ type: ModeCountsResponse }) modes!: ModeCountsResponse;
  @ApiPropertyOptional({ nullable: true, description: 'Since the last frame of any kind (heartbeats included)' })
  lastFrameAgeMs!: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'Since the last frame carrying ticks' })
  lastTickAgeMs!: number | null;
  @ApiProperty() reconnects!: number;
  @ApiPropertyOptional({ nullable: true }) failingForMs!: number | null;
  @ApiProperty({ description: 'Failed for longer than WS_POOL_FAILOVER_AFTER_MS: its instruments moved' })
  down!: boolean;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiProperty() frames!: number;
  @ApiProperty() packets!: number;
  @ApiProperty() heartbeats!: number;
  @ApiProperty() malformedFrames!: number;
}

class AccountPoolResponse extends CapacityFiguresResponse {
  @ApiProperty() accountId!: string;
  @ApiProperty({ enum: ['active', 'needs_login', 'disabled'] }) status!: string;
  @ApiProperty({ description: 'Receives instruments (active, with a connection that is not down)' }) eligible!: boolean;
  @ApiProperty({ type: ConnectionResponse, isArray: true }) connections!: ConnectionResponse[];
}

class HandOffResponse {
  @ApiProperty() batches!: number;
  @ApiProperty() packets!: number;
  @ApiProperty({ description: 'Batches decoded before a tick pipeline was attached' }) discardedBatches!: number;
  @ApiProperty() discardedPackets!: number;
  @ApiProperty() sinkErrors!: number;
}

export class WebSocketPoolResponse {
  @ApiProperty({ type: AccountPoolResponse, isArray: true }) accounts!: AccountPoolResponse[];
  @ApiProperty({ description: 'Distinct instruments callers asked for' }) desired!: number;
  @ApiProperty({ description: 'Of those, placed on a connection' }) placed!: number;
  @ApiProperty({ type: UnplacedCountsResponse }) unplaced!: UnplacedCountsResponse;
  @ApiProperty({ type: CapacityFiguresResponse }) total!: CapacityFiguresResponse;
  @ApiProperty() sinkAttached!: boolean;
  @ApiProperty({ type: HandOffResponse }) handOff!: HandOffResponse;
  @ApiProperty({
    description: 'Malformed frames skipped, by kind (empty, overrun, trailing) and packets of unknown length',
    example: { empty: 0, overrun: 0, trailing: 0, packet_length: 0 },
  })
  decodeErrors!: Record<string, number>;
}

class AccountCapacityResponse extends CapacityFiguresResponse {
  @ApiProperty() accountId!: string;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ description: 'At or above the warning ratio' }) warning!: boolean;
}

class TotalCapacityResponse extends CapacityFiguresResponse {
  @ApiProperty() warning!: boolean;
}

export class WebSocketPoolCapacityResponse {
  @ApiProperty() connectionsPerAccount!: number;
  @ApiProperty() instrumentsPerConnection!: number;
  @ApiProperty({ example: 0.8 }) warningRatio!: number;
  @ApiProperty({ type: AccountCapacityResponse, isArray: true }) accounts!: AccountCapacityResponse[];
  @ApiProperty({ type: TotalCapacityResponse }) total!: TotalCapacityResponse;
  @ApiProperty({ type: UnplacedCountsResponse }) unplaced!: UnplacedCountsResponse;
}

/** The views are already plain data with no secrets; mapping copies them field by field into the documented shape. */
export const toPoolResponse = (view: PoolView): WebSocketPoolResponse => ({
  accounts: view.accounts.map((account) => ({
    accountId: account.accountId,
    status: account.status,
    eligible: account.eligible,
    capacity: account.capacity,
    used: account.used,
    free: account.free,
    utilisation: account.utilisation,
    connections: account.connections.map((c) => ({ ...c, modes: { ...c.modes } })),
  })),
  desired: view.desired,
  placed: view.placed,
  unplaced: { ...view.unplaced },
  total: { ...view.total },
  sinkAttached: view.sinkAttached,
  handOff: { ...view.handOff },
  decodeErrors: { ...view.decodeErrors },
});

export const toCapacityResponse = (view: CapacityView): WebSocketPoolCapacityResponse => ({
  connectionsPerAccount: view.connectionsPerAccount,
  instrumentsPerConnection: view.instrumentsPerConnection,
  warningRatio: view.warningRatio,
  accounts: view.accounts.map((a) => ({ ...a })),
  total: { ...view.total },
  unplaced: { ...view.unplaced },
});
