import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { AppConfig, ConfigModule } from '../../../src/config/index.js';
import { SimulatorModule, SimulatorService } from '../../../src/simulator/simulator.module.js';

@Module({
  imports: [
    ConfigModule.forRoot(AppConfig.fromEnv({ SIM_SEED: '5' })),
    SimulatorModule.forRoot({ port: 0, ticker: false }),
  ],
})
class HostModule {}

describe('SimulatorModule', () => {
  it('starts the simulator on init and stops it on close', async () => {
    const app = await NestFactory.createApplicationContext(HostModule, { logger: false });
    const service = app.get(SimulatorService);
    const { restUrl, controlUrl } = service.urls;
    const health = (await (await fetch(`${controlUrl}/health`)).json()) as { data: { ok: boolean } };
    expect(health.data.ok).toBe(true);
    expect(service.simulator.model.options.seed).toBe(5);
    await app.close();
    await expect(fetch(`${restUrl}/instruments`)).rejects.toThrow();
    expect(() => service.urls).toThrow('not running');
  });
});
