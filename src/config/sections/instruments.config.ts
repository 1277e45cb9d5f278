import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, ArrayNotEmpty } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvBoolean, EnvList, EnvNumber, EnvString } from '../env-decorators.js';

export const INSTRUMENT_EXCHANGES = ['NSE', 'NFO', 'BSE', 'BFO', 'CDS', 'MCX', 'BCD', 'NCO'] as const;
export type InstrumentExchange = (typeof INSTRUMENT_EXCHANGES)[number];

class InstrumentsEnv {
  @EnvList() @ArrayNotEmpty() @IsIn(INSTRUMENT_EXCHANGES, { each: true }) INSTRUMENT_EXCHANGES: InstrumentExchange[] = [
    'NSE',
    'NFO',
  ];
  @EnvList() @ArrayNotEmpty() @IsString({ each: true }) INSTRUMENT_SEGMENTS: string[] = [
    'INDICES',
    'NFO-OPT',
    'NFO-FUT',
  ];
  @EnvBoolean() @IsBoolean() INSTRUMENT_SYNC_ON_START = true;
  @EnvString() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) INSTRUMENT_SYNC_TIME_IST = '08:30';
  @EnvNumber() @IsInt() @Min(100) @Max(50_000) INSTRUMENT_UPSERT_CHUNK_SIZE = 5_000;
  @EnvNumber() @IsInt() @Min(1_000) @Max(5_000_000) INSTRUMENT_MAX_ROWS_PER_DUMP = 1_000_000;
}

export interface InstrumentsConfig {
  exchanges: InstrumentExchange[];
  /** Rows of other segments are dropped (the NSE dump is mostly equities; we keep its indices). */
  segments: string[];
  syncOnStart: boolean;
  /** Daily refresh time, IST wall clock. */
  syncTimeIst: { hour: number; minute: number };
  upsertChunkSize: number;
  /** A dump larger than this is refused rather than loaded. */
  maxRowsPerDump: number;
}

export const instrumentsConfig = defineConfigSection(InstrumentsEnv, (env): InstrumentsConfig => {
  const [hour = 0, minute = 0] = env.INSTRUMENT_SYNC_TIME_IST.split(':').map(Number);
  return {
    exchanges: [...new Set(env.INSTRUMENT_EXCHANGES)],
    segments: env.INSTRUMENT_SEGMENTS,
    syncOnStart: env.INSTRUMENT_SYNC_ON_START,
    syncTimeIst: { hour, minute },
    upsertChunkSize: env.INSTRUMENT_UPSERT_CHUNK_SIZE,
    maxRowsPerDump: env.INSTRUMENT_MAX_ROWS_PER_DUMP,
  };
});
