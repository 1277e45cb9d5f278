import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  configuredVariables,
  parseEnvExample,
  renderConfigTable,
} from './env-catalogue.js';
import { loadConfig } from './load-config.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('configuration documentation', () => {
  const documented = parseEnvExample(read('.env.example'));

  it('should document every variable the code reads, and nothing it does not', () => {
    expect(documented.map((v) => v.name).sort()).toEqual(configuredVariables());
  });

  it('should give every documented variable a one-line meaning', () => {
    expect(documented.filter((v) => v.meaning.length === 0).map((v) => v.name)).toEqual([]);
  });

  it('should accept .env.example itself as a valid configuration', () => {
    const env = Object.fromEntries(documented.map((v) => [v.name, v.defaultValue]));
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('should keep the README configuration table in sync (npm run docs:config regenerates it)', () => {
    const readme = read('README.md');
    const table = readme.slice(
      readme.indexOf(CONFIG_TABLE_START),
      readme.indexOf(CONFIG_TABLE_END) + CONFIG_TABLE_END.length,
    );
    expect(table).toBe(renderConfigTable(documented));
  });
});
