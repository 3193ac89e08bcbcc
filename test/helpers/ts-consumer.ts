/**
 * TypeScript consumers of the built package: each scenario is written as an `.mts`
 * (ESM) and a `.cts` (CommonJS) file, all of them are type-checked in one tsc program
 * against the `.d.ts` files of dist/ (as a user's editor and build would see them),
 * emitted by tsc to `.mjs`/`.cjs`, and run with plain node as separate processes, the
 * way a compiled TypeScript app runs.
 *
 * A scenario body may use the bindings of `imports` (default `nt`, the package),
 * `report(value)` and, in both formats, top-level `await` (the CommonJS file wraps the body
 * in an async function). The compiler options are the repository's strict tsconfig.base.json
 * with NodeNext resolution. A clean compilation is reused on the next run while nothing it
 * read has changed (ts-compile-cache.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { runNodeFile, type ConsumerOptions, type ConsumerResult, type ModuleFormat } from './consumer.js';
import { compileKey, isCachedCompileValid, writeCompileRecord } from './ts-compile-cache.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CACHE = join(ROOT, 'test', '.tmp', 'ts-consumers');

/** A scenario with its own body per format, prelude or imports (each replaces the shared one). */
export interface TypeScriptScenarioSpec {
  readonly body: string | ((format: ModuleFormat) => string);
  readonly prelude?: string;
  readonly imports?: Readonly<Record<string, string>>;
}

/** A scenario body, or a spec overriding the shared options for that scenario. */
export type TypeScriptScenario = string | TypeScriptScenarioSpec;

/** What `compileTypeScriptConsumers` built. */
export interface TypeScriptConsumers {
  /** tsc's diagnostics over every file, one formatted line each; empty when all compile. */
  readonly diagnostics: readonly string[];
  /**
   * Runs the emitted JavaScript of scenario `name` in `format`. Runs may be started together
   * (in `before`) and awaited later by each test: a spawn failure before then is not an
   * unhandled rejection.
   */
  run(name: string, format: ModuleFormat, options?: ConsumerOptions): Promise<ConsumerResult>;
}

export interface TypeScriptConsumerOptions {
  /** Code placed after the imports and before every body (helpers, fakes). */
  readonly prelude?: string;
  /** binding name → module specifier; default `{ nt: 'noveum-trace' }`. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Formats to write (default both); a body with its own `import` lines must be ESM only. */
  readonly formats?: readonly ModuleFormat[];
  /** Extra compiler options as tsconfig.json spells them, e.g. `{ experimentalDecorators: true }`. */
  readonly compilerOptions?: Readonly<Record<string, unknown>>;
}

const REPORT = `const report = (value: unknown): void => {
  process.stdout.write('@@REPORT ' + JSON.stringify(value) + '\\n');
};\n`;

const EXTENSIONS = { esm: { source: 'mts', emitted: 'mjs' }, cjs: { source: 'cts', emitted: 'cjs' } } as const;

function source(format: ModuleFormat, scenario: TypeScriptScenario, options: TypeScriptConsumerOptions): string {
  const spec: TypeScriptScenarioSpec = typeof scenario === 'string' ? { body: scenario } : scenario;
  const body = typeof spec.body === 'string' ? spec.body : spec.body(format);
  const imports = Object.entries(spec.imports ?? options.imports ?? { nt: 'noveum-trace' }).map(([name, spec]) =>
    // `import x = require()` is how a CommonJS TypeScript file imports under NodeNext.
    format === 'esm'
      ? `import * as ${name} from ${JSON.stringify(spec)};`
      : `import ${name} = require(${JSON.stringify(spec)});`
  );
  const wrapped =
    format === 'esm'
      ? `${body}\nexport {};`
      : `async function main(): Promise<void> {\n${body}\n}\nmain().catch((e: unknown) => { console.error(e); process.exitCode = 1; });`;
  return `${imports.join('\n')}\n${REPORT}${spec.prelude ?? options.prelude ?? ''}\n${wrapped}\n`;
}

/** The repository's strict options, as a TypeScript app built for Node (NodeNext) would have them. */
function compilerOptionsJson(extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  return {
    ...base.compilerOptions,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    // `import x = require()` in a .cts file is what a CommonJS consumer writes; verbatim syntax forbids it.
    verbatimModuleSyntax: false,
    // Our own .d.ts are still read and used; this only skips re-checking @types/node's internals.
    skipLibCheck: true,
    ...extra,
  };
}

// The tsc command's own bundle starts and checks about 0.4 s of CPU faster than the compiler
// API (typescript.js) loaded into this process, measured on the OpenAI consumers' program.
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const DIAGNOSTIC = /^(?:\S.*\(\d+,\d+\): )?(?:error|warning) TS\d+: /;

/** Splits tsc's `--pretty false --listFiles` output into diagnostics and the files the program read. */
function parseTscOutput(output: string): { diagnostics: string[]; read: string[] } {
  const diagnostics: string[] = [];
  const read: string[] = [];
  for (const line of output.split('\n')) {
    if (DIAGNOSTIC.test(line)) diagnostics.push(line);
    else if (/^\s/.test(line) && diagnostics.length > 0) diagnostics[diagnostics.length - 1] += `\n${line}`;
    else if (isAbsolute(line)) read.push(line);
    else if (line.trim() !== '') diagnostics.push(line);
  }
  return { diagnostics, read };
}

/** Type-checks and emits `files` into `dir` with tsc; records the compilation when it is clean. */
function compile(files: readonly string[], optionsJson: Record<string, unknown>, dir: string): string[] {
  const config = join(dir, 'tsconfig.json');
  const compilerOptions = { ...optionsJson, outDir: '.', rootDir: '.', noEmitOnError: false };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: files.map((f) => basename(f)) }));
  const run = spawnSync(process.execPath, [TSC, '-p', config, '--pretty', 'false', '--listFiles'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const { diagnostics, read } = parseTscOutput(`${run.stdout}\n${run.stderr}`);
  if (run.status !== 0 && diagnostics.length === 0) diagnostics.push(`tsc exited with ${run.status ?? run.signal}`);
  if (diagnostics.length === 0) {
    const outputs = files.map((f) => f.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs'));
    writeCompileRecord(`${dir}.json`, read, [...outputs, config, join(ROOT, 'package.json')]);
  }
  return diagnostics;
}

/**
 * Writes every scenario as `.mts` and `.cts` under test/.tmp, type-checks them all in
 * one program (one tsc start-up for the whole set keeps this fast) and emits JavaScript.
 */
export function compileTypeScriptConsumers(
  scenarios: Readonly<Record<string, TypeScriptScenario>>,
  options: TypeScriptConsumerOptions = {}
): TypeScriptConsumers {
  const optionsJson = compilerOptionsJson(options.compilerOptions);
  const sources: [file: string, text: string][] = [];
  const baseNames = new Map<string, string>();
  for (const [index, [name, scenario]] of Object.entries(scenarios).entries()) {
    // Scenario names are sentences; file names stay short and unique.
    const base = `${index}-${name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40)}`;
    baseNames.set(name, base);
    for (const format of options.formats ?? (['esm', 'cjs'] as const))
      sources.push([`${base}.${EXTENSIONS[format].source}`, source(format, scenario, options)]);
  }
  const typescriptVersion = readTypeScriptVersion();
  const dir = join(CACHE, compileKey([typescriptVersion, optionsJson, sources]));
  let diagnostics: string[] = [];
  if (!isCachedCompileValid(`${dir}.json`)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of sources) writeFileSync(join(dir, file), text);
    diagnostics = compile(
      sources.map(([file]) => join(dir, file)),
      optionsJson,
      dir
    );
  }
  return {
    diagnostics,
    run(name, format, runOptions) {
      const base = baseNames.get(name);
      if (base === undefined) throw new Error(`no TypeScript scenario named ${JSON.stringify(name)}`);
      const result = runNodeFile(join(dir, `${base}.${EXTENSIONS[format].emitted}`), runOptions);
      result.catch(() => undefined);
      return result;
    },
  };
}

/** The installed compiler's version, read without loading the compiler. */
function readTypeScriptVersion(): string {
  const pkg = createRequire(import.meta.url).resolve('typescript/package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}
