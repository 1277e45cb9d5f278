import { parseArgs } from 'node:util';
import { ConfigValidationError, readProcessEnv } from '../config/index.js';
import { loadSimulatorConfig } from './config/load-simulator-config.js';
import { simulatorOptionsFromConfig } from './config/simulator-options.js';
import { startKiteSimulator, type KiteSimulatorOptions } from './simulator.js';

const USAGE = `Usage: npm run sim -- [options]   (every option also has a SIM_* variable, see docs/simulator.md)
  --port <n>               listen port (0 = any free port)          SIM_PORT
  --host <addr>            listen address                           SIM_HOST
  --seed <n>               market seed                              SIM_SEED
  --ticks-per-second <x>   ticks per instrument per second          SIM_TICKER_TICKS_PER_SECOND
  --clock <mode>           real | fixed | shifted                   SIM_CLOCK_MODE
  --at <time>              clock start ("2025-12-02 10:30:00" IST, ISO or epoch ms)  SIM_CLOCK_AT
  --move-outside-session   prices move outside 09:15-15:30 IST      SIM_MOVE_OUTSIDE_SESSION
  --no-rate-limits         disable every REST rate limit
  --help`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    'ticks-per-second': { type: 'string' },
    clock: { type: 'string' },
    at: { type: 'string' },
    'move-outside-session': { type: 'boolean' },
    'no-rate-limits': { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

const numberFlag = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) {
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    throw new Error(`--${name} must be a number (got ${raw})`);
  }
  return n;
};

const main = async (): Promise<void> => {
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const settings = loadSimulatorConfig(readProcessEnv());
  const sim = settings.simulator;
  const clockMode = values.clock ?? sim.clock.mode;
  if (clockMode !== 'real' && clockMode !== 'fixed' && clockMode !== 'shifted') {
    throw new Error(`--clock must be real, fixed or shifted (got ${clockMode})`);
  }
  const options: KiteSimulatorOptions = simulatorOptionsFromConfig(
    {
      ...sim,
      host: values.host ?? sim.host,
      port: numberFlag('port', values.port) ?? sim.port,
      seed: numberFlag('seed', values.seed) ?? sim.seed,
      clock: { ...sim.clock, mode: clockMode, at: values.at ?? sim.clock.at },
      moveOutsideSession: values['move-outside-session'] ?? sim.moveOutsideSession,
      rateLimits: values['no-rate-limits']
        ? {
            quotePerSecond: 0,
            historicalPerSecond: 0,
            ordersPerSecond: 0,
            ordersPerMinute: 0,
            ordersPerDay: 0,
            otherPerSecond: 0,
          }
        : sim.rateLimits,
    },
    {
      ...settings.ticker,
      ticksPerSecondPerInstrument:
        numberFlag('ticks-per-second', values['ticks-per-second']) ?? settings.ticker.ticksPerSecondPerInstrument,
    },
  );
  const started = await startKiteSimulator(options);
  const user = options.users?.[0];
  console.log(
    [
      'Kite simulator running',
      `  REST     ${started.restUrl}`,
      `  ticker   ${started.wsUrl}`,
      `  control  ${started.controlUrl}`,
      `  login    ${started.loginUrl}?api_key=${user?.apiKey ?? ''}&v=3`,
      `  user     ${user?.userId ?? ''}  api_key=${user?.apiKey ?? ''}  access_token=${user?.accessToken ?? ''}`,
      `  market   seed=${options.seed ?? ''}  instruments=${started.model.instruments().length}  clock=${started.clock.snapshot().mode} (${started.clock.phase()})`,
    ].join('\n'),
  );
  const shutdown = (): void => {
    void started.handle.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError || error instanceof Error ? error.message : error);
  process.exit(1);
});
