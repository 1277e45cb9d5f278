import { readFileSync, writeFileSync } from 'node:fs';
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  parseEnvExample,
  renderConfigTable,
} from '../src/config/env-catalogue.js';

/**
 * `npm run docs:config`: rewrites the configuration tables from their env examples: the service's
 * (.env.example → README.md) and the simulator's (simulator.env.example → docs/simulator.md).
 */
const TABLES = [
  { example: '.env.example', document: 'README.md' },
  { example: 'simulator.env.example', document: 'docs/simulator.md' },
];

for (const { example, document } of TABLES) {
  const text = readFileSync(document, 'utf8');
  const start = text.indexOf(CONFIG_TABLE_START);
  const end = text.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < 0) {
    throw new Error(`${document} lacks the ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END} markers`);
  }
  const table = renderConfigTable(parseEnvExample(readFileSync(example, 'utf8')));
  writeFileSync(document, text.slice(0, start) + table + text.slice(end + CONFIG_TABLE_END.length));
}
