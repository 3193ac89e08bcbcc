/**
 * TypeScript consumers of the built package: each scenario is written as an `.mts`
 * (ESM) and a `.cts` (CommonJS) file, all of them are type-checked in one tsc program
 * against the `.d.ts` files of dist/ (as a user's editor and build would see them),
 * emitted by tsc to `.mjs`/`.cjs`, and run with node as separate processes.
 *
 * A scenario body may use `nt` (the package), `report(value)` and, in both formats,
 * top-level `await` (the CommonJS file wraps the body in an async function).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { runNodeFile, type ConsumerOptions, type ConsumerResult, type ModuleFormat } from './consumer.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
let counter = 0;

/** A scenario body, or a body with its own prelude (replacing the shared one). */
export type TypeScriptScenario = string | { readonly body: string; readonly prelude: string };

/** What `compileTypeScriptConsumers` built. */
export interface TypeScriptConsumers {
  /** tsc's diagnostics over every file, one formatted line each; empty when all compile. */
  readonly diagnostics: readonly string[];
  /** Runs the emitted JavaScript of scenario `name` in `format`. */
  run(name: string, format: ModuleFormat, options?: ConsumerOptions): Promise<ConsumerResult>;
}

export interface TypeScriptConsumerOptions {
  /** Code placed after the imports and before every body (helpers, fakes). */
  readonly prelude?: string;
  /** binding name → module specifier; default `{ nt: 'noveum-trace' }`. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Formats to write (default both); a body with its own `import` lines must be ESM only. */
  readonly formats?: readonly ModuleFormat[];
  /** Extra compiler options, e.g. `{ experimentalDecorators: true }`. */
  readonly compilerOptions?: ts.CompilerOptions;
}

const REPORT = `const report = (value: unknown): void => {
  process.stdout.write('@@REPORT ' + JSON.stringify(value) + '\\n');
};\n`;

function source(format: ModuleFormat, scenario: TypeScriptScenario, options: TypeScriptConsumerOptions): string {
  const body = typeof scenario === 'string' ? scenario : scenario.body;
  const imports = Object.entries(options.imports ?? { nt: 'noveum-trace' }).map(([name, spec]) =>
    // `import x = require()` is how a CommonJS TypeScript file imports under NodeNext.
    format === 'esm'
      ? `import * as ${name} from ${JSON.stringify(spec)};`
      : `import ${name} = require(${JSON.stringify(spec)});`
  );
  const prelude = typeof scenario === 'string' ? (options.prelude ?? '') : scenario.prelude;
  const wrapped =
    format === 'esm'
      ? `${body}\nexport {};`
      : `async function main(): Promise<void> {\n${body}\n}\nmain().catch((e: unknown) => { console.error(e); process.exitCode = 1; });`;
  return `${imports.join('\n')}\n${REPORT}${prelude}\n${wrapped}\n`;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  // Our own .d.ts are still read and used; this only skips re-checking @types/node's internals.
  skipLibCheck: true,
  noEmitOnError: false,
};

function format(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const text = diagnostic.file.text.split('\n')[line]?.trim() ?? '';
  return `${diagnostic.file.fileName.slice(ROOT.length + 1)}:${line + 1}: ${message}\n    ${text}`;
}

/**
 * Writes every scenario as `.mts` and `.cts` under test/.tmp, type-checks them all in
 * one program (one tsc start-up for the whole set keeps this fast) and emits JavaScript.
 */
export function compileTypeScriptConsumers(
  scenarios: Readonly<Record<string, TypeScriptScenario>>,
  options: TypeScriptConsumerOptions = {}
): TypeScriptConsumers {
  const dir = join(ROOT, 'test', '.tmp', `ts-consumers-${process.pid}-${++counter}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, body] of Object.entries(scenarios)) {
    for (const [fmt, ext] of [
      ['esm', 'mts'],
      ['cjs', 'cts'],
    ] as const) {
      if (options.formats !== undefined && !options.formats.includes(fmt)) continue;
      const file = join(dir, `${name}.${ext}`);
      writeFileSync(file, source(fmt, body, options));
      files.push(file);
    }
  }
  const compilerOptions = { ...COMPILER_OPTIONS, ...options.compilerOptions, outDir: dir, rootDir: dir };
  const program = ts.createProgram(files, compilerOptions);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map(format);
  return {
    diagnostics,
    run(name, fmt, runOptions) {
      if (!(name in scenarios)) throw new Error(`no TypeScript scenario named ${JSON.stringify(name)}`);
      return runNodeFile(join(dir, `${name}.${fmt === 'esm' ? 'mjs' : 'cjs'}`), runOptions);
    },
  };
}
