/**
 * The brief's samples (sections 2, 4 and 7) as real TypeScript consumer processes, ES module
 * (`.mts`) and CommonJS (`.cts`), against the built package and the real `openai`:
 * auto-instrumentation before and after the client module is loaded, every loaded copy
 * patched, the `--import noveum-trace/register` preload, and the proxy. All files are
 * type-checked and compiled in one strict `tsc` run against the built `.d.ts`, and the emitted
 * JavaScript runs with plain node, as a compiled TypeScript app does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { compileTypeScriptConsumers, type TypeScriptConsumers } from '../../helpers/ts-consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

interface Scenario {
  /** The TypeScript body for one format; `nt` is `noveum-trace`, `report(value)` answers the test. */
  readonly body: (format: ModuleFormat) => string;
  readonly imports?: Readonly<Record<string, string>>;
  readonly nodeArgs?: readonly string[];
  /** Span names expected in the last report, in order. */
  readonly spans: readonly string[];
}

const SETUP = `
const exporter = new nt.InMemoryExporter();
nt.init({ apiKey: 'your-key', project: 'existing-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const llmSpans = async (): Promise<Array<{ name: string; input: unknown; messages: unknown }>> => {
  await nt.getClient().forceFlush();
  return exporter.getFinishedSpans()
    .filter((s) => s.attributes['noveum.span_type'] === 'llm')
    .map((s) => ({ name: s.name, input: s.attributes['llm.input_tokens'], messages: s.attributes['llm.messages'] }));
};
process.on('unhandledRejection', (r: unknown) => report({ unhandled: String(r) }));
`;

/** Loads `openai` at that point of the program, the way each module format does. */
const LOAD = (format: ModuleFormat): string =>
  format === 'esm'
    ? `const { OpenAI } = await import('openai');`
    : `const { OpenAI } = require('openai') as typeof import('openai');`;

const SCENARIOS: Record<string, Scenario> = {
  'section 7, existing codebase: enableAutoTracing before openai is loaded': {
    body: (format) => `${SETUP}
nt.enableAutoTracing(['openai']);
${LOAD(format)}
const client = new OpenAI();
const response = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
report({ content: response.choices[0]?.message.content, spans: await llmSpans() });`,
    spans: ['chat gpt-4'],
  },
  'section 2: autoInstrument twice before openai is loaded traces each call once, uninstrument stops it': {
    body: (format) => `${SETUP}
nt.autoInstrument('openai');
nt.autoInstrument('openai');
${LOAD(format)}
const client = new OpenAI();
const response = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello!' }] });
nt.uninstrument('openai');
await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'not traced' }] });
report({ content: response.choices[0]?.message.content, spans: await llmSpans() });`,
    spans: ['chat gpt-4'],
  },
  'section 2: selective methods and config after openai is loaded': {
    imports: { nt: 'noveum-trace', openaiModule: 'openai' },
    body: () => `${SETUP}
nt.autoInstrument('openai', { methods: ['chat.completions.create', 'embeddings.create'] });
nt.autoInstrument('openai', { methods: ['chat.completions.create', 'embeddings.create'], config: { captureInputs: false, captureOutputs: true, maxInputLength: 1000, redactPii: true } });
const client = new openaiModule.OpenAI();
const response = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello!' }] });
await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
await client.images.generate({ model: 'gpt-image-1', prompt: 'not traced' });
report({ content: response.choices[0]?.message.content, spans: await llmSpans() });`,
    spans: ['chat gpt-4', 'embeddings text-embedding-3-small'],
  },
  'every copy: one loaded before autoInstrument, the other format loaded after': {
    imports: { nt: 'noveum-trace', openaiModule: 'openai', nodeModule: 'node:module' },
    body: (format) => `${SETUP}
nt.autoInstrument('openai');
const other = ${format === 'esm' ? `nodeModule.createRequire(process.cwd() + '/')('openai') as typeof import('openai')` : `await import('openai')`};
if ((other.OpenAI as unknown) === openaiModule.OpenAI) throw new Error('expected two copies of openai');
const response = await new openaiModule.OpenAI().chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
await new other.OpenAI().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
report({ content: response.choices[0]?.message.content, spans: await llmSpans() });`,
    spans: ['chat gpt-4', 'chat gpt-4o'],
  },
  'preload: node --import noveum-trace/register': {
    imports: { nt: 'noveum-trace', openaiModule: 'openai' },
    nodeArgs: ['--import', 'noveum-trace/register'],
    body: () => `${SETUP}
const client = new openaiModule.OpenAI();
const response = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
report({ content: response.choices[0]?.message.content, spans: await llmSpans() });`,
    spans: ['chat gpt-4'],
  },
  'section 4: TracedOpenAIClient proxy': {
    body: (format) => `${SETUP}
${LOAD(format)}
const originalClient = new OpenAI();
const tracedClient = new nt.TracedOpenAIClient(originalClient);
const response = await tracedClient.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello!' }] });
const { data, response: raw } = await tracedClient.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'again' }] }).withResponse();
if (!(tracedClient instanceof OpenAI) || raw.status !== 200 || data.object !== 'chat.completion') throw new Error('not the SDK objects');
await originalClient.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'untraced' }] });
report({ content: response.choices[0]?.message.content, spans: await llmSpans() });`,
    spans: ['chat gpt-4', 'chat gpt-4'],
  },
};

interface Reported {
  content: string;
  spans: Array<{ name: string; input: number; messages?: string }>;
}

describe('OpenAI consumers (TypeScript, ESM and CommonJS, built package)', () => {
  let server: FakeOpenAIServer;
  let consumers: TypeScriptConsumers;
  /** `${title}|${format}` → the run, started for every scenario at once in `before`. */
  const runs = new Map<string, Promise<ConsumerResult>>();
  before(async () => {
    server = await startFakeOpenAI();
    consumers = compileTypeScriptConsumers(SCENARIOS);
    for (const [title, scenario] of Object.entries(SCENARIOS)) {
      for (const format of FORMATS) {
        const run = consumers.run(title, format, {
          nodeArgs: scenario.nodeArgs ?? [],
          env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url },
        });
        runs.set(`${title}|${format}`, run);
      }
    }
  });
  after(async () => {
    await Promise.allSettled(runs.values());
    await server.close();
  });

  it('every sample type-checks as strict TypeScript against the built declarations', () => {
    assert.deepEqual(consumers.diagnostics, []);
  });

  for (const [title, scenario] of Object.entries(SCENARIOS)) {
    for (const format of FORMATS) {
      it(`${title} (${format === 'esm' ? 'mts' : 'cts'})`, async () => {
        const run = await runs.get(`${title}|${format}`)!;
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
          run.reports.filter((r) => (r as { unhandled?: string }).unhandled !== undefined),
          [],
          'no unhandled rejection'
        );
        const result = run.reports.at(-1) as Reported;
        assert.match(result.content, /^Echo: Hello/);
        assert.deepEqual(
          result.spans.map((s) => s.name),
          scenario.spans
        );
        assert.ok(
          result.spans.every((s) => s.input > 0),
          'usage recorded'
        );
        const captured = title.startsWith('section 2: selective') ? undefined : /Hello/;
        if (captured) assert.match(result.spans[0]!.messages ?? '', captured);
        else assert.equal(result.spans[0]!.messages, undefined, 'captureInputs: false');
      });
    }
  }
});
