/**
 * Auto-discovery from real TypeScript consumer processes (ESM `.mts` and CommonJS `.cts`,
 * type-checked against the built `.d.ts`) with the real `openai` against the fake server:
 * the brief's section 5 sample, `init({ autoInstrument })` before and after openai is loaded,
 * `enableAutoTracing()`, and an app started from another working directory.
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { FORMATS, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { compileTypeScriptConsumers, type TypeScriptConsumers } from '../../helpers/ts-consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

const SETUP = `
const exporter = new nt.InMemoryExporter();
const processors = [new nt.SimpleProcessor(exporter)];
const llmSpans = async (): Promise<string[]> => {
  await nt.getClient().forceFlush();
  return exporter.getFinishedSpans().filter((s) => s.attributes['noveum.span_type'] === 'llm').map((s) => s.name);
};
`;

const LOAD = (format: ModuleFormat): string =>
  format === 'esm'
    ? `const { OpenAI } = await import('openai');`
    : `const { OpenAI } = require('openai') as typeof import('openai');`;

const CALL = `
const client = new OpenAI();
await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
`;

const SCENARIOS: Record<string, (format: ModuleFormat) => string> = {
  'section 5 sample': (format) => `${SETUP}
nt.init({ project: 'discovery', exporter: 'none', processors });
// Usage
const autoDiscovery = new nt.AutoDiscovery();
const instrumentedLibs = autoDiscovery.discoverAndInstrument();
console.log(\`Auto-instrumented: \${instrumentedLibs}\`);
console.log(instrumentedLibs);
${LOAD(format)}
${CALL}
report({ names: instrumentedLibs.names, spans: await llmSpans() });`,
  'init autoInstrument before load': (format) => `${SETUP}
nt.init({ project: 'discovery', exporter: 'none', processors, autoInstrument: true });
${LOAD(format)}
${CALL}
report({ spans: await llmSpans() });`,
  'init autoInstrument list after load': (format) => `${LOAD(format)}
${SETUP}
nt.init({ project: 'discovery', exporter: 'none', processors, autoInstrument: ['openai'] });
await new Promise((resolve) => setTimeout(resolve, 50));
${CALL}
report({ spans: await llmSpans() });`,
  'enableAutoTracing types and report': (format) => `${SETUP}
nt.init({ project: 'discovery', exporter: 'none', processors });
const listed: boolean = nt.enableAutoTracing(['openai']);
const report_: nt.DiscoveryReport = nt.enableAutoTracing();
const byDefault: nt.DiscoveryReport = nt.discoverAndInstrument({ exclude: ['openai'] });
const typeOnly = (): unknown =>
  // @ts-expect-error: not a supported library name
  nt.init({ autoInstrument: ['not-a-library'] });
void typeOnly;
const data: nt.DiscoveryReportData = JSON.parse(JSON.stringify(report_));
${LOAD(format)}
${CALL}
report({ listed, names: report_.names, excluded: byDefault.skipped.map((s) => s.reason), data: data.instrumented.length, spans: await llmSpans() });`,
};

let consumers: TypeScriptConsumers;
let server: FakeOpenAIServer;
const runs = new Map<string, Promise<ConsumerResult>>();
before(async () => {
  consumers = compileTypeScriptConsumers(
    Object.fromEntries(Object.entries(SCENARIOS).map(([name, body]) => [name, { body }]))
  );
  server = await startFakeOpenAI();
  const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url, NOVEUM_DEBUG: '', NOVEUM_API_KEY: '' };
  for (const format of FORMATS) {
    for (const name of Object.keys(SCENARIOS)) runs.set(`${format}|${name}`, consumers.run(name, format, { env }));
    // Started elsewhere: openai is found next to the main script, not from the working directory.
    runs.set(`${format}|elsewhere`, consumers.run('init autoInstrument before load', format, { env, cwd: tmpdir() }));
  }
});
after(async () => {
  await Promise.allSettled(runs.values());
  await server.close();
});

async function run(format: ModuleFormat, name: string): Promise<{ value: any; stdout: string }> {
  const result = await runs.get(`${format}|${name}`)!;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '', 'nothing was printed to stderr');
  return { value: result.reports[0], stdout: result.stdout };
}

describe('auto-discovery consumers', () => {
  it('type-check as .mts and .cts against the built .d.ts', () => {
    assert.deepEqual(consumers.diagnostics, []);
  });
});

/** Every supported library this repository installs (as devDependencies), in report order. */
const ALL_INSTALLED = [
  'openai',
  'anthropic',
  'openai-agents',
  'langchain',
  'google-genai',
  'bedrock',
  'mistral',
  'llamaindex',
  'ai',
];

for (const format of FORMATS) {
  describe(`auto-discovery from a ${format} TypeScript consumer`, () => {
    it("runs the brief's section 5 sample: prints what it instrumented, and the call is traced", async () => {
      const { value, stdout } = await run(format, 'section 5 sample');
      assert.deepEqual(value, { names: ALL_INSTALLED, spans: ['chat gpt-4'] });
      assert.match(
        stdout,
        /^Auto-instrumented: openai@\d+\.\d+\.\d+, anthropic@1\.\d+\.\d+, openai-agents@0\.\d+\.\d+, langchain@1\.\d+\.\d+, google-genai@2\.\d+\.\d+, bedrock@3\.\d+\.\d+, mistral@2\.\d+\.\d+, llamaindex@0\.12\.\d+, ai@6\.\d+\.\d+$/m
      );
      assert.match(stdout, /^ {2}anthropic +1\.\d+\.\d+ +instrumented +messages\.create, /m);
      assert.match(stdout, /^ {2}openai +\d+\.\d+\.\d+ +instrumented +chat\.completions\.create, /m);
    });

    it('init({ autoInstrument: true }) traces openai loaded afterwards', async () => {
      assert.deepEqual((await run(format, 'init autoInstrument before load')).value, { spans: ['chat gpt-4'] });
    });

    it("init({ autoInstrument: ['openai'] }) traces the copy already loaded", async () => {
      assert.deepEqual((await run(format, 'init autoInstrument list after load')).value, { spans: ['chat gpt-4'] });
    });

    it('finds openai next to the main script when started from another directory', async () => {
      assert.deepEqual((await run(format, 'elsewhere')).value, { spans: ['chat gpt-4'] });
    });

    it('enableAutoTracing() answers a boolean for a list and the report without one', async () => {
      assert.deepEqual((await run(format, 'enableAutoTracing types and report')).value, {
        listed: true,
        names: ALL_INSTALLED,
        excluded: ['disabled'],
        data: ALL_INSTALLED.length,
        spans: ['chat gpt-4'],
      });
    });
  });
}
