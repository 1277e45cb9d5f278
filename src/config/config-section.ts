import type { ClassConstructor } from 'class-transformer';

/**
 * One area of configuration: the env class that validates the raw variables (its property names are
 * the variable names, its initialisers the defaults) and the mapping to the typed shape the code uses.
 */
export interface ConfigSection<Env extends object, Shape> {
  readonly env: ClassConstructor<Env>;
  // Method syntax (bivariant parameter), so sections of different env classes form one SectionSet.
  map(env: Env): Shape;
}

export const defineConfigSection = <Env extends object, Shape>(
  env: ClassConstructor<Env>,
  map: (env: Env) => Shape,
): ConfigSection<Env, Shape> => ({ env, map });
