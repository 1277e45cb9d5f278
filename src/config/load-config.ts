import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigSection } from './config-section.js';
import { isSecretVariable } from './env-decorators.js';
import { configSections } from './sections/index.js';

type Sections = typeof configSections;
export type Config = { [K in keyof Sections]: ReturnType<Sections[K]['map']> };
export type RawEnv = Record<string, string | undefined>;

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const shown = (error: ValidationError): string =>
  error.target !== undefined && isSecretVariable(error.target, error.property)
    ? 'a value that is not shown: secret'
    : JSON.stringify(error.value as unknown);

const describe = (error: ValidationError): string[] =>
  Object.values(error.constraints ?? {}).map((message) => `${message} (got ${shown(error)}) [${error.property}]`);

// Blank counts as unset, so `PORT=` in a .env file means "use the default".
const definedValues = (raw: RawEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ''),
  );

const loadSection = <Env extends object, Shape>(
  section: ConfigSection<Env, Shape>,
  raw: RawEnv,
  problems: string[],
) => {
  // plainToInstance starts from `new Env()`, so the class initialisers are the defaults.
  const env = plainToInstance(section.env, definedValues(raw));
  problems.push(...validateSync(env, { forbidUnknownValues: false }).flatMap(describe));
  return section.map(env);
};

/** Validates every section and returns the typed configuration, or throws naming each bad variable and rule. */
export const loadConfig = (raw: RawEnv): Config => {
  const problems: string[] = [];
  const entries = Object.entries(configSections).map(([name, section]) => [
    name,
    loadSection(section as ConfigSection<object, unknown>, raw, problems),
  ]);
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return Object.fromEntries(entries) as Config;
};
