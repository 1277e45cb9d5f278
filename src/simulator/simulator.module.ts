import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { AppConfig } from '../config/index.js';
import { simulatorOptionsFromConfig } from './simulator-config.js';
import { startKiteSimulator, type KiteSimulator, type KiteSimulatorOptions } from './simulator.js';

export const SIMULATOR_OVERRIDES = Symbol('SIMULATOR_OVERRIDES');

/** Runs an in-process Kite simulator for the service's lifetime (demo/paper trading, tests). */
@Injectable()
export class SimulatorService implements OnModuleInit, OnModuleDestroy {
  private running: KiteSimulator | undefined;

  constructor(
    private readonly config: AppConfig,
    @Inject(SIMULATOR_OVERRIDES) private readonly overrides: KiteSimulatorOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const base = simulatorOptionsFromConfig(this.config.get('simulator'), this.config.get('simulatorTicker'));
    this.running = await startKiteSimulator({ ...base, ...this.overrides });
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

/** Embeds the simulator; `overrides` win over the SIM_* configuration (e.g. `{ port: 0 }`). */
@Module({})
export class SimulatorModule {
  static forRoot(overrides: KiteSimulatorOptions = {}): DynamicModule {
    return {
      module: SimulatorModule,
      providers: [{ provide: SIMULATOR_OVERRIDES, useValue: overrides }, SimulatorService],
      exports: [SimulatorService],
    };
  }
}
