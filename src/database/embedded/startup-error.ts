/**
 * The embedded PostgreSQL cannot start as configured. The message says what is wrong and exactly what to
 * do; main prints it without a stack trace, like a configuration error.
 */
export class EmbeddedPostgresStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresStartupError';
  }
}
