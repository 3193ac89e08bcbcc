/**
 * Runs one scenario as a real consumer process, once as ESM and once as CommonJS,
 * against the built package (`noveum-trace` resolves to dist/ by self-reference).
 *
 * The scenario body is plain JavaScript that may use top-level `await`, the bindings
 * named in `imports`, and `report(value)`, which sends a JSON value back to the test.
 * TypeScript consumers (type-checked by tsc, then run as JavaScript) are in ts-consumer.ts,
 * which runs its emitted files through `runNodeFile`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

export type ModuleFormat = 'esm' | 'cjs';
export const FORMATS: readonly ModuleFormat[] = ['esm', 'cjs'];

export interface ConsumerOptions {
  /** binding name → module specifier; ESM gets `import * as name`, CJS `const name = require(...)`. */
  readonly imports?: Readonly<Record<string, string>>;
  /** Working directory of the child (default: the repository root). */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra node flags, e.g. ['--import', 'noveum-trace/register']. */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
  /** The node binary (default: the one running the tests), e.g. a Node 22 one from test/node22. */
  readonly node?: string;
  /**
   * Where the scenario file is written (default: test/.tmp); its bare imports resolve from
   * there, so a folder with its own node_modules gets those packages.
   */
  readonly dir?: string;
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

function source(format: ModuleFormat, body: string, imports: Readonly<Record<string, string>>): string {
  const lines = Object.entries(imports).map(([name, spec]) =>
    format === 'esm'
      ? `import * as ${name} from ${JSON.stringify(spec)};`
      : `const ${name} = require(${JSON.stringify(spec)});`
  );
  const wrapped =
    format === 'esm'
      ? body
      : `(async () => {\n${body}\n})().catch((e) => { console.error(e); process.exitCode = 1; });`;
  return `${lines.join('\n')}\n${REPORT_PRELUDE}${wrapped}\n`;
}

/** Runs a JavaScript scenario with node and resolves when the child exits (its file is then removed). */
export async function runConsumer(
  format: ModuleFormat,
  body: string,
  options: ConsumerOptions = {}
): Promise<ConsumerResult> {
  const dir = options.dir ?? TMP;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `scenario-${process.pid}-${++counter}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  writeFileSync(file, source(format, body, options.imports ?? { nt: 'noveum-trace' }));
  try {
    return await runNodeFile(file, options);
  } finally {
    rmSync(file, { force: true });
  }
}

// Test files start their consumers together so that one child's I/O waits overlap another's
// work. One live child per core: on 2 cores the OpenAI consumers took 3.9 s with 2 or 4 at a
// time (5.2 s one by one), and 4 only cost more CPU.
const MAX_CHILDREN = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function withChildSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_CHILDREN) running++;
  else await new Promise<void>((wake) => waiting.push(wake));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` never overshoots.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * Runs an existing script with node (from the repository root unless `cwd` says otherwise).
 * At most a few children per test process run at once; the others wait for a slot.
 */
export function runNodeFile(file: string, options: ConsumerOptions = {}): Promise<ConsumerResult> {
  return withChildSlot(() => spawnNode(file, options));
}

function spawnNode(file: string, options: ConsumerOptions): Promise<ConsumerResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(options.node ?? process.execPath, [...(options.nodeArgs ?? []), file], {
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
