import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { ClockModule, ControllableClock, parseIstDateTime } from '../../../src/common/time/index.js';
import { AppConfig, ConfigModule } from '../../../src/config/index.js';
import { loadSimulatorConfig } from '../../../src/simulator/config/load-simulator-config.js';
import { SimulatorModule, SimulatorService } from '../../../src/simulator/simulator.module.js';

@Module({
  imports: [SimulatorModule.forRoot({ port: 0, ticker: false }, loadSimulatorConfig({ SIM_SEED: '5' }))],
})
class HostModule {}

describe('SimulatorModule', () => {
  it("should read the app's clock when it is controllable, so the service and its Kite agree on the date", async () => {
    const clock = ControllableClock.fixedAt(parseIstDateTime('2026-12-01 15:29:00')!);
    @Module({
      imports: [
        ConfigModule.forRoot(AppConfig.fromEnv({})),
        ClockModule.forRoot(clock),
        SimulatorModule.forRoot({ port: 0, ticker: false }),
      ],
    })
    class SharedClockHost {}
    const app = await NestFactory.createApplicationContext(SharedClockHost, { logger: false });
    try {
      const { simulator } = app.get(SimulatorService);
      expect(simulator.clock.phase()).toBe('open');
      clock.advance(120_000);
      expect(simulator.clock.now()).toBe(parseIstDateTime('2026-12-01 15:31:00'));
      expect(simulator.clock.phase()).toBe('closed');
      const served = (await (await fetch(`${simulator.controlUrl}/clock`)).json()) as { data: { nowMs: number } };
      expect(served.data.nowMs).toBe(clock.now());
    } finally {
      await app.close();
    }
  });

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
