/**
 * The Vercel AI SDK (`ai` 6 with `@ai-sdk/openai` 3, real packages) from consumer processes
 * against the fake OpenAI server (ai 5 with `@ai-sdk/openai` 2 too, through npm aliases): the
 * explicit `noveumAITracer()` from ESM and CommonJS, and
 * `autoInstrument('ai')` from ESM and CommonJS (`ai` loaded after it), asserting the exported trees
 * (`ai` loaded before it: late-import.test.ts).
 */
import assert from 'node:assert/strict';
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

const PRELUDE = (url: string) => `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'ai-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const provider = oa.createOpenAI({ baseURL: ${JSON.stringify(url)}, apiKey: 'sk-test' });
const weather = ai.tool({
  description: 'weather',
  inputSchema: ai.jsonSchema({ type: 'object', properties: { city: { type: 'string' } } }),
  execute: async ({ city }) => 'Sunny in ' + city,
});
const dump = async () => {
  await nt.getClient().forceFlush();
  return exporter.getFinishedSpans().map((s) => ({ name: s.name, id: s.spanId, parent: s.parentSpanId, status: s.status?.code, a: s.attributes }));
};
`;

const EXPLICIT = `
const telemetry = { isEnabled: true, tracer: nt.noveumAITracer() };
const gen = await nt.traceOperation('outer', () => ai.generateText({
  model: provider.chat('gpt-4o-mini@tools'), prompt: 'Weather in Paris?', tools: { get_weather: weather },
  stopWhen: ai.stepCountIs(3), experimental_telemetry: telemetry,
}));
const s = ai.streamText({ model: provider.chat('gpt-4o-mini@chunks=4'), prompt: 'Tell me a story', experimental_telemetry: telemetry });
let text = '';
for await (const piece of s.textStream) text += piece;
await ai.embed({ model: provider.embedding('text-embedding-3-small'), value: 'hello', experimental_telemetry: telemetry });
await ai.embedMany({ model: provider.embedding('text-embedding-3-small'), values: ['a', 'b'], experimental_telemetry: telemetry });
const schema = ai.jsonSchema({ type: 'object', properties: { city: { type: 'string' }, sunny: { type: 'boolean' } } });
const obj = await ai.generateObject({ model: provider.chat('gpt-4o-mini@json'), schema, prompt: 'Weather?', experimental_telemetry: telemetry });
const so = ai.streamObject({ model: provider.chat('gpt-4o-mini@json'), schema, prompt: 'Weather?', experimental_telemetry: telemetry });
for await (const partial of so.partialObjectStream) void partial;
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
await ai.generateText({ model: provider.chat('gpt-4o-mini'), prompt: 'Hello there' });
const failing = ai.streamText({ model: provider.chat('gpt-4o-mini@chunks=5,drop=2'), prompt: 'Tell me a story', onError() {} });
let failed = false;
try { for await (const part of failing.fullStream) void part; } catch { failed = true; }
const stopped = ai.streamText({ model: provider.chat('gpt-4o-mini@chunks=6'), prompt: 'one two three four five six' });
for await (const piece of stopped.textStream) { void piece; break; }
report({ failed, spans: await dump() });
`;

/** ai 6 with @ai-sdk/openai 3, and ai 5 with @ai-sdk/openai 2 (npm aliases), for the explicit tracer. */
const VERSIONS = [
  ['ai 6', { nt: 'noveum-trace', ai: 'ai', oa: '@ai-sdk/openai' }],
  ['ai 5', { nt: 'noveum-trace', ai: 'ai-v5', oa: 'ai-sdk-openai-v2' }],
] as const;

const byName = (spans: Row[], prefix: string) => spans.filter((s) => s.name.startsWith(prefix));

describe('Vercel AI SDK (ai 6, @ai-sdk/openai 3)', () => {
  let server: FakeOpenAIServer;
  before(async () => {
    server = await startFakeOpenAI();
  });
  after(() => server.close());

  for (const [version, imports] of VERSIONS)
    for (const format of FORMATS) {
      it(`maps generateText with a tool call, streamText, generateObject, streamObject, embed and embedMany (noveumAITracer, ${version}, ${format})`, async () => {
        const run = await runConsumer(format, PRELUDE(server.url) + EXPLICIT, { imports });
        assert.equal(run.code, 0, run.stderr);
        const r = run.reports.at(-1) as {
          text: string;
          streamed: string;
          total: number;
          object: unknown;
          streamedObject: unknown;
          spans: Row[];
        };
        assert.match(r.text, /Echo/);
        const [outer] = byName(r.spans, 'outer');
        const [root] = byName(r.spans, 'ai.generateText');
        assert.ok(outer && root);
        assert.equal(root.parent, outer.id, 'nested under the caller traceOperation');
        // operation → LLM step → tool → LLM step, all children of the operation
        const steps = r.spans.filter((s) => s.parent === root.id);
        assert.deepEqual(
          steps.map((s) => s.a['noveum.span_type']),
          ['llm', 'tool', 'llm']
        );
        assert.equal(steps[0]!.a['llm.provider'], 'openai', 'openai.chat normalised');
        assert.equal(steps[0]!.a['llm.finish_reason'], 'tool-calls');
        assert.equal(steps[1]!.a['tool.name'], 'get_weather');
        // Usage per step; the root keeps the aggregate under its own keys only.
        const llmInput = r.spans.filter((s) => s.parent === root.id && s.a['llm.input_tokens'] !== undefined);
        const sum = llmInput.reduce((n, s) => n + (s.a['llm.input_tokens'] as number), 0);
        assert.equal(sum, r.total);
        assert.equal(root.a['llm.input_tokens'], undefined, 'no LLM usage on the operation span');
        // ai 6 sets the total there; ai 5 sets `promptTokens` of its last step (kept as it is)
        if (version === 'ai 6') assert.equal(root.a['ai.total_usage.inputTokens'], r.total);
        else assert.equal(typeof root.a['ai.total_usage.promptTokens'], 'number');
        assert.ok(typeof steps[0]!.a['llm.cost.total'] === 'number', 'cost from the price table');
        // streamText read to the end: one step with usage and time to first token, ended once
        const [stream] = byName(r.spans, 'ai.streamText');
        const streamSteps = r.spans.filter((s) => s.parent === stream!.id);
        assert.equal(streamSteps.length, 1);
        assert.ok((streamSteps[0]!.a['llm.output_tokens'] as number) > 0);
        assert.equal(typeof streamSteps[0]!.a['llm.time_to_first_token_ms'], 'number');
        assert.equal(streamSteps[0]!.a['llm.streaming'], true);
        assert.equal(streamSteps[0]!.a['llm.stream.outcome'], 'completed');
        assert.match(r.streamed, /^Echo: Tell/);
        // embeddings
        for (const op of ['ai.embed', 'ai.embedMany']) {
          const [opSpan] = r.spans.filter((s) => s.name === op);
          const [child] = r.spans.filter((s) => s.parent === opSpan!.id);
          assert.equal(child!.a['llm.operation'], 'embeddings');
          assert.ok((child!.a['llm.input_tokens'] as number) > 0);
        }
        // generateObject / streamObject: operation → one LLM step with usage
        assert.deepEqual(r.object, { city: 'Paris', sunny: true });
        assert.deepEqual(r.streamedObject, { city: 'Paris', sunny: true });
        for (const op of ['ai.generateObject', 'ai.streamObject']) {
          const [opSpan] = r.spans.filter((s) => s.name === op);
          assert.ok(opSpan, op);
          const children = r.spans.filter((s) => s.parent === opSpan.id);
          assert.equal(children.length, 1);
          assert.equal(children[0]!.a['noveum.span_type'], 'llm');
          assert.ok((children[0]!.a['llm.input_tokens'] as number) > 0);
          assert.equal(opSpan.a['llm.input_tokens'], undefined);
        }
        assert.equal(new Set(r.spans.map((s) => s.id)).size, r.spans.length, 'every span exported once');
      });
    }

  for (const format of FORMATS) {
    it(`autoInstrument turns telemetry on, and ends streams that fail or stop being read (${format})`, async () => {
      const body = AUTO(server.url, format);
      const run = await runConsumer(format, body, { imports: { nt: 'noveum-trace' } });
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /before autoInstrument/, 'loaded after it: no late-import warning');
      const r = run.reports.at(-1) as { failed: boolean; spans: Row[] };
      assert.equal(byName(r.spans, 'ai.generateText').length, 1, 'a call without telemetry is traced');
      const streams = byName(r.spans, 'ai.streamText');
      assert.equal(streams.length, 2, 'both streams ended');
      const [failing, stopped] = streams.sort(
        (x, y) =>
          (x.a['llm.stream.outcome'] === 'cancelled' ? 1 : -1) - (y.a['llm.stream.outcome'] === 'cancelled' ? 1 : -1)
      );
      assert.ok(r.failed);
      assert.equal(failing!.status, 'error');
      const failingStep = r.spans.filter((s) => s.parent === failing!.id);
      assert.equal(failingStep.length, 1);
      assert.equal(failingStep[0]!.status, 'error', 'the open step ends with the error');
      assert.equal(stopped!.a['llm.stream.outcome'], 'cancelled');
      const stoppedSteps = r.spans.filter((s) => s.parent === stopped!.id);
      assert.equal(stoppedSteps.length, 1, 'its step ended too');
      assert.equal(stoppedSteps[0]!.a['llm.stream.outcome'], 'cancelled');
      assert.equal(failingStep[0]!.a['llm.stream.outcome'], 'error');
    });
  }
});
