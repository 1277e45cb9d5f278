import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { Clock, ControllableClock } from '../common/time/clock.js';
import { loadSimulatorConfig, type SimulatorSettings, simulatorOptions } from './config/load-simulator-config.js';
import { startKiteSimulator, type KiteSimulator, type KiteSimulatorOptions } from './simulator.js';

export const SIMULATOR_OVERRIDES = Symbol('SIMULATOR_OVERRIDES');
export const SIMULATOR_SETTINGS = Symbol('SIMULATOR_SETTINGS');

/** Runs an in-process Kite simulator for the module's lifetime (tests, tools). */
@Injectable()
export class SimulatorService implements OnModuleInit, OnModuleDestroy {
  private running: KiteSimulator | undefined;

  constructor(
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    @Inject(SIMULATOR_OVERRIDES) private readonly overrides: KiteSimulatorOptions,
    @Optional() private readonly appClock?: Clock,
  ) {}

  /**
   * The simulator reads the app's clock when that one can be moved (tests, demos with CLOCK_MODE), so the
   * service and its Kite agree on the date; otherwise it runs its own SIM_CLOCK_* clock.
   */
  async onModuleInit(): Promise<void> {
    const base = simulatorOptions(this.settings);
    const clock = this.appClock instanceof ControllableClock ? { ...base.clock, instance: this.appClock } : base.clock;
    this.running = await startKiteSimulator({ ...base, clock, ...this.overrides });
  }

  async onModuleDestroy(): Promise<void> {
    await this.running?.handle.stop();
    this.running = undefined;
  }

  /** The running simulator; throws before module init. */
  get simulator(): KiteSimulator {
    if (!this.running) {
      throw new Error('The Kite simulator is not running');
    }
    return this.running;
  }

  get urls(): { restUrl: string; wsUrl: string; controlUrl: string; loginUrl: string } {
    const { restUrl, wsUrl, controlUrl, loginUrl } = this.simulator;
    return { restUrl, wsUrl, controlUrl, loginUrl };
  }
}

/**
 * Embeds the simulator. `settings` are its validated SIM_* settings (default: the documented defaults);
 * `overrides` win over them (e.g. `{ port: 0 }`).
 */
@Module({})
export class SimulatorModule {
  static forRoot(
    overrides: KiteSimulatorOptions = {},
    settings: SimulatorSettings = loadSimulatorConfig({}),
  ): DynamicModule {
    return {
      module: SimulatorModule,
      providers: [
        { provide: SIMULATOR_OVERRIDES, useValue: overrides },
        { provide: SIMULATOR_SETTINGS, useValue: settings },
        SimulatorService,
      ],
      exports: [SimulatorService],
    };
  }
}
