import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  configuredVariables,
  parseEnvExample,
  renderConfigTable,
} from '../../config/env-catalogue.js';
import { loadSimulatorConfig, simulatorSections } from './load-simulator-config.js';

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');

describe('simulator configuration documentation', () => {
  const documented = parseEnvExample(read('simulator.env.example'));

  it('should document every SIM_* variable the simulator reads, and nothing it does not', () => {
    expect(documented.map((v) => v.name).sort()).toEqual(configuredVariables(simulatorSections));
  });

  it('should give every documented variable a one-line meaning', () => {
    expect(documented.filter((v) => v.meaning.length === 0).map((v) => v.name)).toEqual([]);
  });

  it('should accept simulator.env.example itself as a valid configuration', () => {
    const env = Object.fromEntries(documented.map((v) => [v.name, v.defaultValue]));
    expect(() => loadSimulatorConfig(env)).not.toThrow();
  });

  it('should validate SIM_* in the simulator, naming the variable', () => {
    expect(() => loadSimulatorConfig({ SIM_PORT: 'eighty' })).toThrow(/SIM_PORT must be an integer number/);
  });

  it('should keep the docs/simulator.md configuration table in sync (npm run docs:config regenerates it)', () => {
    const doc = read('docs/simulator.md');
    const table = doc.slice(doc.indexOf(CONFIG_TABLE_START), doc.indexOf(CONFIG_TABLE_END) + CONFIG_TABLE_END.length);
    expect(table).toBe(renderConfigTable(documented));
  });
});
