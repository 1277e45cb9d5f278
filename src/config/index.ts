export { AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { ConfigValidationError, loadSections, type Config, type RawEnv } from './load-config.js';
export { readProcessEnv } from './process-env.js';
