/**
 * The README's patching example run straight from TypeScript source, the way a new user runs it:
 * `npx tsx app.ts`, `node --import tsx app.ts` and ts-node, in an ES module project and in a
 * CommonJS one, with `autoInstrument('openai')` called after `openai` was
 * imported (the README order) and before it is loaded. The very first call must be traced, and
 * `getInstrumentationStatus` must not claim a patch before spans would be produced.
 * (`node --experimental-strip-types` does not exist on Node 20; see docs/instrumentation.md.)
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runNodeFile, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const DIR = join(ROOT, 'test', '.tmp', `ts-runners-${process.pid}`);
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

type Order = 'after' | 'before';

interface Runner {
  /** Node flags per module format (the runner's CommonJS mode may differ from its ESM one). */
  readonly nodeArgs: Readonly<Record<ModuleFormat, readonly string[]>>;
  readonly env?: Readonly<Record<string, string>>;
}

const both = (args: readonly string[]) => ({ esm: args, cjs: args });
const RUNNERS: Readonly<Record<string, Runner>> = {
  'npx tsx': { nodeArgs: both([TSX_CLI]) },
  'node --import tsx': { nodeArgs: both(['--import', 'tsx']) },
  // `--loader ts-node/esm` cannot run a CommonJS file on Node >= 20.19 (ts-node's own
  // ERR_REQUIRE_CYCLE_MODULE), so CommonJS uses ts-node's require hook, as ts-node's docs say.
  // Transpile-only, as most ts-node setups run: type errors are tsc's job, not this test's.
  'ts-node': {
    nodeArgs: { esm: ['--no-warnings', '--loader', 'ts-node/esm'], cjs: ['--require', 'ts-node/register'] },
    env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  },
};

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', rootDir: '.', strict: true },
});

const SETUP = `import * as nt from 'noveum-trace';
export const exporter = new nt.InMemoryExporter();
nt.init({ project: 'first-hour', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
`;

/** The README's call, then what the child saw: the status right after autoInstrument and the span names. */
const CALL = `const client = new OpenAI();
await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello!' }] });
await nt.getClient().forceFlush();
const spans = exporter.getFinishedSpans().map((s) => s.name);
process.stdout.write('@@REPORT ' + JSON.stringify({ status, spans }) + '\\n');`;

/**
 * Node started with `--no-experimental-require-module` (as on Node < 20.19) cannot reach an
 * imported ES module synchronously: the status must say so, and agree with what gets traced.
 */
const NO_REQUIRE_ESM_APP = `import OpenAI from 'openai';
${SETUP}nt.autoInstrument('openai');
const status = nt.getInstrumentationStatus('openai');
const client = new OpenAI();
await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'early' }] });
while (nt.getInstrumentationStatus('openai').pending) await new Promise((r) => setImmediate(r));
const later = nt.getInstrumentationStatus('openai');
${CALL.replace('const client = new OpenAI();\n', '').replace('{ status, spans }', '{ status, later, spans }')}
`;

/** Files of one scenario (name → source); `app.ts` is the entry point. */
function scenarioFiles(format: ModuleFormat, order: Order): Record<string, string> {
  if (format === 'esm') {
    // An ES module's imports are all loaded before its body runs, so "before" means a setup
    // module imported ahead of openai, the usual way to instrument early.
    if (order === 'before')
      return {
        'app.ts': `import { exporter, status } from './setup.js';\nimport OpenAI from 'openai';\nimport * as nt from 'noveum-trace';\n${CALL}\n`,
        'setup.ts': `${SETUP}nt.autoInstrument('openai');\nexport const status = nt.getInstrumentationStatus('openai');\n`,
      };
    return {
      'app.ts': `import OpenAI from 'openai';\nimport { exporter } from './setup.js';\nimport * as nt from 'noveum-trace';\nnt.autoInstrument('openai');\nconst status = nt.getInstrumentationStatus('openai');\n${CALL}\n`,
      'setup.ts': SETUP,
    };
  }
  // A CommonJS project: `require` loads openai exactly where the line stands.
  const instrument = `nt.autoInstrument('openai');\nconst status = nt.getInstrumentationStatus('openai');\n`;
  const load = `const { OpenAI } = require('openai') as typeof import('openai');\n`;
  const main = `void (async () => {\n${CALL}\n})();\n`;
  const setup = SETUP.replace('export ', '');
  return {
    'app.ts': order === 'before' ? `${setup}${instrument}${load}${main}` : `${load}${setup}${instrument}${main}`,
    'package.json': JSON.stringify({ name: 'cjs-app', type: 'commonjs' }),
  };
}

/** Writes one scenario into its own folder and returns the entry point. */
function writeScenario(dir: string, format: ModuleFormat, order: Order): string {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  // The CommonJS folder is a package of its own, so it reaches noveum-trace through node_modules.
  if (format === 'cjs') symlinkSync(ROOT, join(dir, 'node_modules', 'noveum-trace'), 'dir');
  writeFileSync(join(dir, 'tsconfig.json'), TSCONFIG);
  for (const [name, source] of Object.entries(scenarioFiles(format, order))) writeFileSync(join(dir, name), source);
  return join(dir, 'app.ts');
}

interface Reported {
  status: { active: boolean; patchedMethods: number; pending: boolean };
  spans: string[];
}

function reported(result: ConsumerResult): Reported {
  assert.equal(result.code, 0, `the app exits cleanly\n${result.stderr}`);
  assert.equal(result.reports.length, 1, `the app reported once\n${result.stdout}\n${result.stderr}`);
  return result.reports[0] as Reported;
}

describe('the first OpenAI call is traced when the app runs from TypeScript source', () => {
  let server: FakeOpenAIServer;
  const runs = new Map<string, Promise<ConsumerResult>>();
  const env = (runner: Runner) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url, ...runner.env });

  before(async () => {
    server = await startFakeOpenAI();
    let n = 0;
    for (const [label, runner] of Object.entries(RUNNERS))
      for (const format of ['esm', 'cjs'] as const)
        for (const order of ['after', 'before'] as const) {
          const dir = join(DIR, String(++n));
          const entry = writeScenario(dir, format, order);
          // Run from the app's folder, as a user does: ts-node reads the tsconfig.json it finds there.
          const options = { cwd: dir, nodeArgs: runner.nodeArgs[format], env: env(runner) };
          runs.set(`${label}|${format}|${order}`, runNodeFile(entry, options));
        }
    const fallback = join(DIR, 'no-require-esm');
    mkdirSync(fallback, { recursive: true });
    writeFileSync(join(fallback, 'app.ts'), NO_REQUIRE_ESM_APP);
    const nodeArgs = ['--no-experimental-require-module', '--import', 'tsx'];
    runs.set('no-require-esm', runNodeFile(join(fallback, 'app.ts'), { nodeArgs, env: env({ nodeArgs: both([]) }) }));
    // A rejection before a test awaits its run is reported there, not as an unhandled rejection.
    for (const run of runs.values()) run.catch(() => undefined);
  });
  after(async () => {
    await Promise.allSettled(runs.values());
    rmSync(DIR, { recursive: true, force: true });
    await server.close();
  });

  for (const label of Object.keys(RUNNERS))
    for (const format of ['esm', 'cjs'] as const)
      for (const order of ['after', 'before'] as const)
        it(`${label}, ${format === 'esm' ? 'ES module' : 'CommonJS'}, autoInstrument ${order} openai is imported`, async () => {
          const { status, spans } = reported(await runs.get(`${label}|${format}|${order}`)!);
          assert.deepEqual(spans, ['chat gpt-4o-mini'], 'the first call made a span');
          assert.equal(status.pending, false, 'nothing was left to reach');
          if (order === 'after')
            assert.equal(status.patchedMethods, 5, 'the status reports the patch that traced the call');
        });

  it('without require(esm), the status says "pending" (not patched) until calls are traced', async () => {
    const result = reported(await runs.get('no-require-esm')!) as Reported & { later: Reported['status'] };
    assert.deepEqual(
      { patchedMethods: result.status.patchedMethods, pending: result.status.pending },
      { patchedMethods: 0, pending: true },
      'right after autoInstrument nothing the app calls is patched yet'
    );
    assert.deepEqual(
      { patchedMethods: result.later.patchedMethods, pending: result.later.pending },
      {
        patchedMethods: 5,
        pending: false,
      }
    );
    assert.deepEqual(result.spans, ['chat gpt-4o-mini'], 'the call made once the status said so is traced');
  });
});
