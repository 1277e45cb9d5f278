import { Baseline1764028800000 } from './1764028800000-Baseline.js';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const migrations = [Baseline1764028800000];
