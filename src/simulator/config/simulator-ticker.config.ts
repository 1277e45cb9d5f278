import { IsBoolean, IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../config/config-section.js';
import { EnvBoolean, EnvNumber, EnvString } from '../../config/env-decorators.js';
import { DEFAULT_TICKER_OPTIONS, type TickerOptions } from '../ticker/ticker-options.js';

const TICK_MODES = ['ltp', 'quote', 'full'] as const;
const SLOW_CONSUMER_POLICIES = ['drop-ticks', 'disconnect'] as const;
const d = DEFAULT_TICKER_OPTIONS;

/** Knobs of the Kite simulator's WebSocket ticker (docs/simulator.md). Defaults are Kite's documented limits. */
class SimulatorTickerEnv {
  @EnvString() @IsIn(TICK_MODES) SIM_TICKER_DEFAULT_MODE: TickerOptions['defaultMode'] = d.defaultMode;
  @EnvNumber() @IsInt() @Min(1) @Max(1000) SIM_TICKER_MAX_CONNECTIONS_PER_API_KEY = d.maxConnectionsPerApiKey;
  @EnvNumber() @IsInt() @Min(1) @Max(100_000) SIM_TICKER_MAX_INSTRUMENTS_PER_CONNECTION = d.maxInstrumentsPerConnection;
  @EnvNumber() @IsInt() @Min(10) @Max(60_000) SIM_TICKER_HEARTBEAT_INTERVAL_MS = d.heartbeatIntervalMs;
  @EnvNumber() @IsNumber() @Min(0) @Max(100_000) SIM_TICKER_TICKS_PER_SECOND = d.ticksPerSecondPerInstrument;
  @EnvNumber() @IsNumber() @Min(0) @Max(0.9) SIM_TICKER_TICK_JITTER = d.tickJitter;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000) SIM_TICKER_FRAME_INTERVAL_MS = d.frameIntervalMs;
  @EnvBoolean() @IsBoolean() SIM_TICKER_TICKS_WHEN_CLOSED = d.ticksWhenClosed;
  @EnvNumber() @IsInt() @Min(1024) @Max(1_073_741_824) SIM_TICKER_MAX_BUFFERED_BYTES = d.maxBufferedBytes;
  @EnvString() @IsIn(SLOW_CONSUMER_POLICIES) SIM_TICKER_SLOW_CONSUMER_POLICY: TickerOptions['slowConsumerPolicy'] =
    d.slowConsumerPolicy;
}

/** The ticker knobs set by environment; the seed comes from the simulator, the other bounds keep their defaults. */
export type SimulatorTickerConfig = Omit<
  TickerOptions,
  'seed' | 'maxPacketsPerFrame' | 'maxTotalConnections' | 'maxClientMessageBytes'
>;

export const simulatorTickerConfig = defineConfigSection(SimulatorTickerEnv, (env): SimulatorTickerConfig => ({
  defaultMode: env.SIM_TICKER_DEFAULT_MODE,
  maxConnectionsPerApiKey: env.SIM_TICKER_MAX_CONNECTIONS_PER_API_KEY,
  maxInstrumentsPerConnection: env.SIM_TICKER_MAX_INSTRUMENTS_PER_CONNECTION,
  heartbeatIntervalMs: env.SIM_TICKER_HEARTBEAT_INTERVAL_MS,
  ticksPerSecondPerInstrument: env.SIM_TICKER_TICKS_PER_SECOND,
  tickJitter: env.SIM_TICKER_TICK_JITTER,
  frameIntervalMs: env.SIM_TICKER_FRAME_INTERVAL_MS,
  ticksWhenClosed: env.SIM_TICKER_TICKS_WHEN_CLOSED,
  maxBufferedBytes: env.SIM_TICKER_MAX_BUFFERED_BYTES,
  slowConsumerPolicy: env.SIM_TICKER_SLOW_CONSUMER_POLICY,
}));
