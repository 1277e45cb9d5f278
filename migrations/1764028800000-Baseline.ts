import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records every start and clean stop of a service instance. Operators read it to see which instance
 * ran when; later modules use the instance id to own leases (order executor, reconciler).
 */
export class Baseline1764028800000 implements MigrationInterface {
  name = 'Baseline1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE service_instance (
        instance_id   uuid        PRIMARY KEY,
        hostname      text        NOT NULL,
        version       text        NOT NULL,
        started_at    timestamptz NOT NULL DEFAULT now(),
        stopped_at    timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX service_instance_started_at_idx ON service_instance (started_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE service_instance`);
  }
}
