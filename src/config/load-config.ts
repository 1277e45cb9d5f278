import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigSection } from './config-section.js';
import { isSecretVariable } from './env-decorators.js';
import { configSections, crossSectionRules } from './sections/index.js';

type Sections = typeof configSections;
export type Config = LoadedSections<Sections>;
export type RawEnv = Record<string, string | undefined>;

/** A set of sections validated together (the product's, or a tool's such as the simulator's). */
export type SectionSet = Record<string, ConfigSection<object, unknown>>;
export type LoadedSections<S extends SectionSet> = { [K in keyof S]: ReturnType<S[K]['map']> };
/** Checks across sections once each is valid; returns problems ("… [VARIABLE]"). */
export type CrossSectionRule<C> = (config: C) => string[];

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

/** Validates every section of `sections` and returns them typed, or throws naming each bad variable and rule. */
export const loadSections = <S extends SectionSet>(
  sections: S,
  raw: RawEnv,
  rules: readonly CrossSectionRule<LoadedSections<S>>[] = [],
): LoadedSections<S> => {
  const problems: string[] = [];
  const entries = Object.entries(sections).map(([name, section]) => [name, loadSection(section, raw, problems)]);
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  const config = Object.fromEntries(entries) as LoadedSections<S>;
  problems.push(...rules.flatMap((rule) => rule(config)));
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return config;
};

/** The product's configuration: every section in sections/index.ts. */
export const loadConfig = (raw: RawEnv): Config => loadSections(configSections, raw, crossSectionRules);
