/**
 * The brief's samples as real consumer processes (ESM and CommonJS) against the built package
 * and the real `openai`: auto-instrumentation before and after the client module is loaded,
 * the `--import noveum-trace/register` preload, and the proxy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

const SETUP = `
const exporter = new nt.InMemoryExporter();
nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const loadOpenAI = async () => { const m = typeof require === 'function' ? require('openai') : await import('openai'); return m.OpenAI ?? m.default; };
const options = { apiKey: 'sk-test', baseURL: process.env.FAKE_OPENAI_URL, maxRetries: 0 };
const llmSpans = async () => { await nt.getClient().forceFlush(); return exporter.getFinishedSpans().filter((s) => s.attributes['noveum.span_type'] === 'llm').map((s) => ({ name: s.name, input: s.attributes['llm.input_tokens'], messages: s.attributes['llm.messages'] })); };
process.on('unhandledRejection', (r) => { report({ unhandled: String(r) }); });
`;

const SCENARIOS: Record<string, { body: string; imports?: Record<string, string>; nodeArgs?: string[] }> = {
  'existing codebase: enableAutoTracing before openai is loaded': {
    body: `${SETUP}
nt.enableAutoTracing(['openai']);
const OpenAI = await loadOpenAI();
const client = new OpenAI(options);
const response = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
report({ content: response.choices[0].message.content, spans: await llmSpans() });`,
  },
  'section 2: selective autoInstrument after openai is loaded': {
    imports: { nt: 'noveum-trace', openaiModule: 'openai' },
    body: `${SETUP}
nt.autoInstrument('openai', { methods: ['chat.completions.create', 'embeddings.create'], config: { captureInputs: false } });
const client = new (openaiModule.OpenAI ?? openaiModule.default)(options);
await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello!' }] });
await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
await client.images.generate({ model: 'gpt-image-1', prompt: 'not traced' });
report({ content: 'Echo: Hello!', spans: await llmSpans() });`,
  },
  'preload: node --import noveum-trace/register': {
    imports: { nt: 'noveum-trace', openaiModule: 'openai' },
    nodeArgs: ['--import', 'noveum-trace/register'],
    body: `${SETUP}
const client = new (openaiModule.OpenAI ?? openaiModule.default)(options);
const response = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
report({ content: response.choices[0].message.content, spans: await llmSpans() });`,
  },
  'section 4: TracedOpenAIClient proxy': {
    body: `${SETUP}
const OpenAI = await loadOpenAI();
const traced = new nt.TracedOpenAIClient(new OpenAI(options));
const response = await traced.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello!' }] });
report({ content: response.choices[0].message.content, instance: traced instanceof OpenAI, spans: await llmSpans() });`,
  },
};

describe('OpenAI consumers (ESM and CommonJS, built package)', () => {
  let server: FakeOpenAIServer;
  before(async () => {
    server = await startFakeOpenAI();
  });
  after(() => server.close());

  for (const [title, scenario] of Object.entries(SCENARIOS)) {
    for (const format of FORMATS) {
      it(`${title} (${format})`, async () => {
        const run = await runConsumer(format, scenario.body, {
          imports: scenario.imports ?? { nt: 'noveum-trace' },
          nodeArgs: scenario.nodeArgs ?? [],
          env: { FAKE_OPENAI_URL: server.url },
        });
        assert.equal(run.code, 0, run.stderr);
        const result = run.reports.at(-1) as { content: string; instance?: boolean; spans: Array<{ name: string; input: number; messages?: string }> };
        assert.ok(!run.reports.some((r) => (r as { unhandled?: string }).unhandled), 'no unhandled rejection');
        assert.match(result.content, /^Echo: Hello/);
        if (title.startsWith('section 2')) {
          assert.deepEqual(result.spans.map((s) => s.name), ['chat gpt-4', 'embeddings text-embedding-3-small']);
          assert.equal(result.spans[0]!.messages, undefined, 'captureInputs: false');
        } else {
          assert.deepEqual(result.spans.map((s) => s.name), ['chat gpt-4']);
          assert.match(result.spans[0]!.messages ?? '', /Hello/);
        }
        assert.ok(result.spans[0]!.input > 0);
        if (result.instance !== undefined) assert.equal(result.instance, true);
      });
    }
  }
});
