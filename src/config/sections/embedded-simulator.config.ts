import { IsBoolean } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvBoolean } from '../env-decorators.js';

/**
 * All the product knows of the Kite simulator: whether to run one in-process. Where it listens and how it
 * behaves are the simulator's own SIM_* settings, validated by the simulator (simulator.env.example).
 */
class EmbeddedSimulatorEnv {
  @EnvBoolean() @IsBoolean() SIMULATOR_EMBEDDED = false;
}

export const embeddedSimulatorConfig = defineConfigSection(EmbeddedSimulatorEnv, (env) => ({
  enabled: env.SIMULATOR_EMBEDDED,
}));
