import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_VERSION } from '../common/version.js';

/** This process's identity, recorded in service_instance at start and stamped with its stop time. */
@Injectable()
export class ServiceInstance implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly id = randomUUID();
  private readonly logger = new Logger(ServiceInstance.name);

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query('INSERT INTO service_instance (instance_id, hostname, version) VALUES ($1, $2, $3)', [
      this.id,
      hostname(),
      SERVICE_VERSION,
    ]);
  }

  // Before, not on, shutdown: TypeORM closes its pool in its own onApplicationShutdown.
  async beforeApplicationShutdown(): Promise<void> {
    try {
      await this.dataSource.query('UPDATE service_instance SET stopped_at = now() WHERE instance_id = $1', [this.id]);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not record the instance stop time');
    }
  }
}
