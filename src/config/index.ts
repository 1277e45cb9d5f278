export { AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { ConfigValidationError, type Config, type RawEnv } from './load-config.js';
