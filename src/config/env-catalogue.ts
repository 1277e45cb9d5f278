import { getMetadataStorage } from 'class-validator';
import type { SectionSet } from './load-config.js';
import { configSections } from './sections/index.js';

/** Every variable a set of sections reads (default: the service's), from each env class's validation metadata. */
export const configuredVariables = (sections: SectionSet = configSections): string[] => {
  const storage = getMetadataStorage();
  const names = Object.values(sections).flatMap((section) =>
    storage.getTargetValidationMetadatas(section.env, '', true, false).map((meta) => meta.propertyName),
  );
  return [...new Set(names)].sort();
};

export interface DocumentedVariable {
  name: string;
  defaultValue: string;
  meaning: string;
  area: string;
}

/** Reads .env.example: `# --- Area ---` headings, `# meaning` comments, then `NAME=default`. */
export const parseEnvExample = (text: string): DocumentedVariable[] => {
  const variables: DocumentedVariable[] = [];
  let area = '';
  let comments: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const heading = /^# --- (.+) ---$/.exec(line);
    if (heading) {
      area = heading[1] ?? '';
      comments = [];
    } else if (line.startsWith('#')) {
      comments.push(line.replace(/^#\s?/, ''));
    } else if (/^[A-Z][A-Z0-9_]*=/.test(line)) {
      const [name = '', ...rest] = line.split('=');
      variables.push({ name, defaultValue: rest.join('='), meaning: comments.join(' '), area });
      comments = [];
    } else {
      comments = [];
    }
  }
  return variables;
};

export const CONFIG_TABLE_START = '<!-- config-table:start -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

export const renderConfigTable = (variables: DocumentedVariable[]): string => {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const rows = variables.map(
    (v) =>
      `| ${v.area} | \`${v.name}\` | ${v.defaultValue === '' ? '_unset_' : `\`${escape(v.defaultValue)}\``} | ${escape(v.meaning)} |`,
  );
  return [
    CONFIG_TABLE_START,
    '| Area | Variable | Default | Meaning |',
    '|---|---|---|---|',
    ...rows,
    CONFIG_TABLE_END,
  ].join('\n');
};
