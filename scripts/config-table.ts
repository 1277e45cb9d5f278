import { readFileSync, writeFileSync } from 'node:fs';
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  parseEnvExample,
  renderConfigTable,
} from '../src/config/env-catalogue.js';

/** `npm run docs:config`: rewrites the README's configuration table from .env.example. */
const readmePath = 'README.md';
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(CONFIG_TABLE_START);
const end = readme.indexOf(CONFIG_TABLE_END);
if (start < 0 || end < 0) {
  throw new Error(`README.md lacks the ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END} markers`);
}
const table = renderConfigTable(parseEnvExample(readFileSync('.env.example', 'utf8')));
writeFileSync(readmePath, readme.slice(0, start) + table + readme.slice(end + CONFIG_TABLE_END.length));
