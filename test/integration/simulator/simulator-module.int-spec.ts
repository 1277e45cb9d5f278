import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { loadSimulatorConfig } from '../../../src/simulator/config/load-simulator-config.js';
import { SimulatorModule, SimulatorService } from '../../../src/simulator/simulator.module.js';

@Module({
  imports: [SimulatorModule.forRoot({ port: 0, ticker: false }, loadSimulatorConfig({ SIM_SEED: '5' }))],
})
class HostModule {}

describe('SimulatorModule', () => {
  it('should start the simulator on init with its SIM_* settings and stop it on close', async () => {
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
