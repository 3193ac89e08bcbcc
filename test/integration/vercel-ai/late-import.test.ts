/**
 * `ai` loaded before `autoInstrument('ai')`, from real consumer processes: an ES module
 * namespace (a static `import`) cannot be patched afterwards, and a CommonJS copy required before
 * the hooks cannot either. Each prints one warning naming the fix; the fix named (the register
 * preload) prints none and traces. `ai` loaded after `autoInstrument` (no warning, traced) is in
 * vercel-ai.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConsumer, type ConsumerResult } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

// Called twice (and `autoInstrument` twice) so a warning printed per call would show.
const CALLS = (url: string) => `
nt.init({ project: 'ai-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
nt.autoInstrument('ai');
nt.autoInstrument('ai', { methods: ['generateText', 'streamText'] });
const provider = oa.createOpenAI({ baseURL: ${JSON.stringify(url)}, apiKey: 'sk-test' });
const first = await ai.generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'Hello there' });
await ai.generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'Hello again' });
await nt.getClient().forceFlush();
report({ text: first.text, spans: exporter.getFinishedSpans().map((s) => s.name) });
`;

const EXPORTER = `const exporter = new nt.InMemoryExporter();\n`;

/** `ai` imported (or required) before noveum-trace's calls: by the consumer's own first lines. */
const EARLY = { ai: 'ai', oa: '@ai-sdk/openai', nt: 'noveum-trace' };

const warningsOf = (run: ConsumerResult): string[] =>
  run.stderr.split('\n').filter((line) => line.includes("autoInstrument('ai')"));

describe('ai loaded before autoInstrument', () => {
  let server: FakeOpenAIServer;
  before(async () => {
    server = await startFakeOpenAI();
  });
  after(() => server.close());

  it('warns once, naming the fix, when an ES module imported ai first', async () => {
    const run = await runConsumer('esm', EXPORTER + CALLS(server.url), { imports: EARLY });
    assert.equal(run.code, 0, run.stderr);
    const warnings = warningsOf(run);
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0]!, /imported before autoInstrument\('ai'\)/);
    assert.match(warnings[0]!, /--import noveum-trace\/register/);
    assert.match(warnings[0]!, /experimental_telemetry: \{ isEnabled: true, tracer: noveumAITracer\(\) \}/);
    const r = run.reports.at(-1) as { text: string; spans: string[] };
    assert.match(r.text, /Echo/, 'the call itself is untouched');
  });

  it('warns once, naming the fix, when CommonJS required ai first', async () => {
    const run = await runConsumer('cjs', EXPORTER + CALLS(server.url), { imports: EARLY });
    assert.equal(run.code, 0, run.stderr);
    const warnings = warningsOf(run);
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0]!, /loaded with require\(\) before autoInstrument\('ai'\)/);
    assert.match(warnings[0]!, /--require noveum-trace\/register/);
    assert.match(warnings[0]!, /noveumAITracer\(\)/);
  });

  it('prints nothing and traces a static import under node --import noveum-trace/register (the fix named)', async () => {
    const run = await runConsumer('esm', EXPORTER + CALLS(server.url), {
      imports: EARLY,
      nodeArgs: ['--import', 'noveum-trace/register'],
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(warningsOf(run), [], run.stderr);
    const r = run.reports.at(-1) as { spans: string[] };
    assert.equal(r.spans.filter((n) => n === 'ai.generateText').length, 2, JSON.stringify(r.spans));
  });
});
