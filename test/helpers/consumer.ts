/**
 * Runs one scenario as a real consumer process, once as ESM and once as CommonJS,
 * against the built package (`noveum-trace` resolves to dist/ by self-reference).
 *
 * The scenario body is plain JavaScript that may use top-level `await`, the bindings
 * named in `imports`, and `report(value)`, which sends a JSON value back to the test.
 * With the TypeScript formats (`mts`, `cts`) the body is TypeScript: `writeConsumer` writes
 * the files, `compileConsumers` type-checks and compiles them together with tsc, and
 * `runConsumer` runs the emitted JavaScript (or, given a `.mts`/`.cts` path, runs it with tsx).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export type ModuleFormat = 'esm' | 'cjs';
/** TypeScript consumers: ES module (`.mts`) and CommonJS (`.cts`). */
export type TsModuleFormat = 'mts' | 'cts';
export type ConsumerFormat = ModuleFormat | TsModuleFormat;
export const FORMATS: readonly ModuleFormat[] = ['esm', 'cjs'];
export const TS_FORMATS: readonly TsModuleFormat[] = ['mts', 'cts'];

export interface ConsumerOptions {
  /** binding name → module specifier; ESM gets `import * as name`, CJS `const name = require(...)`. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Working directory of the child (default: the repository root). */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra node flags, e.g. ['--import', 'noveum-trace/register']. */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
  /** Signal to send once the child prints a line containing `signalAfter`. */
  readonly signal?: { readonly after: string; readonly name: NodeJS.Signals };
}

export interface ConsumerResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every value passed to `report()`, in order. */
  readonly reports: unknown[];
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'test', '.tmp');
let counter = 0;

const REPORT_PRELUDE = `const report = (value) => process.stdout.write('@@REPORT ' + JSON.stringify(value) + '\\n');\n`;
const TS_REPORT_PRELUDE = `const report = (value: unknown): void => void process.stdout.write('@@REPORT ' + JSON.stringify(value) + '\\n');\n`;
const EXTENSION: Record<ConsumerFormat, string> = { esm: 'mjs', cjs: 'cjs', mts: 'mts', cts: 'cts' };

const isTypeScript = (format: ConsumerFormat): boolean => format === 'mts' || format === 'cts';
// TypeScript compiles `import` to `require` in a .cts file, so both TS formats use import syntax.
const usesImport = (format: ConsumerFormat): boolean => format !== 'cjs';
const isEsm = (format: ConsumerFormat): boolean => format === 'esm' || format === 'mts';

function source(format: ConsumerFormat, body: string, imports: Readonly<Record<string, string>>): string {
  const lines = Object.entries(imports).map(([name, spec]) =>
    usesImport(format)
      ? `import * as ${name} from ${JSON.stringify(spec)};`
      : `const ${name} = require(${JSON.stringify(spec)});`
  );
  const wrapped = isEsm(format)
    ? body
    : `(async () => {\n${body}\n})().catch((e: unknown) => { console.error(e); process.exitCode = 1; });`;
  const prelude = isTypeScript(format) ? TS_REPORT_PRELUDE : REPORT_PRELUDE;
  const text = `${lines.join('\n')}\n${prelude}${wrapped}\n`;
  return isTypeScript(format) ? `${text}export {};\n` : text.replace('(e: unknown)', '(e)');
}

/** Writes a scenario to test/.tmp and returns its path (for `compileConsumers` and `runConsumer`). */
export function writeConsumer(
  format: ConsumerFormat,
  body: string,
  imports: Readonly<Record<string, string>> = { nt: 'noveum-trace' }
): string {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `scenario-${process.pid}-${++counter}.${EXTENSION[format]}`);
  writeFileSync(file, source(format, body, imports));
  return file;
}

/** Result of `compileConsumers`: tsc's exit code and output, and each source's emitted file. */
export interface CompiledConsumers {
  readonly code: number | null;
  readonly output: string;
  /** source `.mts`/`.cts` path → emitted `.mjs`/`.cjs` path. */
  readonly emitted: ReadonlyMap<string, string>;
}

/**
 * Type-checks TypeScript consumer files and compiles them in one `tsc` run (strict, NodeNext,
 * against the built package's `.d.ts`), the way a TypeScript app is built: the emitted
 * `.mjs`/`.cjs` files then run with plain node, without a runtime transpiler in the way.
 */
export function compileConsumers(files: readonly string[]): Promise<CompiledConsumers> {
  const id = `${process.pid}-${++counter}`;
  const config = join(TMP, `tsconfig-${id}.json`);
  const outDir = join(TMP, `out-${id}`);
  const compilerOptions = {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    rootDir: '.',
    outDir: `out-${id}`,
    noEmitOnError: true,
    skipLibCheck: true,
    verbatimModuleSyntax: false,
  };
  writeFileSync(
    config,
    JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions, files: files.map((f) => relative(TMP, f)) })
  );
  const emitted = new Map(
    files.map((f) => [
      f,
      join(
        outDir,
        relative(TMP, f)
          .replace(/\.mts$/, '.mjs')
          .replace(/\.cts$/, '.cjs')
      ),
    ])
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', config], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, output, emitted }));
  });
}

/**
 * Runs a scenario with node (TypeScript formats through tsx) and resolves when the child
 * exits. `body` is the scenario source, or the path of a file from `writeConsumer`.
 */
export function runConsumer(
  format: ConsumerFormat,
  body: string,
  options: ConsumerOptions = {}
): Promise<ConsumerResult> {
  const file = body.startsWith(TMP) ? body : writeConsumer(format, body, options.imports ?? { nt: 'noveum-trace' });
  const loader = isTypeScript(format) ? ['--import', 'tsx'] : [];
  return runNodeFile(file, { ...options, nodeArgs: [...(options.nodeArgs ?? []), ...loader] });
}

/** Runs an existing script with node (from the repository root unless `cwd` says otherwise). */
export function runNodeFile(file: string, options: ConsumerOptions = {}): Promise<ConsumerResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (options.signal && !signalled && stdout.includes(options.signal.after)) {
        signalled = true;
        child.kill(options.signal.name);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const reports = stdout
        .split('\n')
        .filter((l) => l.startsWith('@@REPORT '))
        .map((l) => JSON.parse(l.slice('@@REPORT '.length)) as unknown);
      resolveRun({ code, signal, stdout, stderr, reports });
    });
  });
}
