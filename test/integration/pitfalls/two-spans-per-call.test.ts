/**
 * Peer pitfall 10 ("two spans per call"): when two layers of tracing see one request, one of
 * them must stay quiet. Today that concerns the OpenAI integration stacked on itself: a proxy
 * (`traceOpenAI` / `TracedOpenAIClient`) over a client whose prototype is patched, `traceLLM` /
 * `traceLLMCall` around an instrumented call, and `autoInstrument` plus `instrument({ openai })`.
 * A call must show up as one LLM span carrying its usage once, against openai 7 and 6.
 * (Anthropic's own OpenTelemetry spans and LangChain framework spans are future work.)
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import OpenAI7 from 'openai';
import OpenAI6 from 'openai-v6';
import { getClient } from '../../../src/api/client.js';
import { traceLLMCall } from '../../../src/api/helpers.js';
import { traceLLM, traceOperation } from '../../../src/api/scoped.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { settleLoadedCopies } from '../../../src/instrumentation/hooks.js';
import { autoInstrument, instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { TracedOpenAIClient, traceOpenAI } from '../../../src/instrumentation/openai/traced-client.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';
import { detectUnhandledRejections } from '../openai/harness.js';
import { runConsumer } from '../../helpers/consumer.js';

type Layering = readonly [label: string, wrap: (client: any) => any];

const LAYERINGS: readonly Layering[] = [
  ['traceOpenAI over a patched client', (c) => traceOpenAI(c)],
  ['TracedOpenAIClient over an instance whose prototype is patched', (c) => new TracedOpenAIClient(c)],
  ['traceOpenAI twice over a patched client', (c) => traceOpenAI(traceOpenAI(c))],
];

/** One of each call shape; each makes exactly one request. */
async function callEveryWay(client: any): Promise<number> {
  const msg = (content: string) => [{ role: 'user', content }];
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: msg('plain') });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini@chunks=2',
    messages: msg('streamed'),
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const _ of stream) void _;
  await client.chat.completions
    .stream({ model: 'gpt-4o-mini@chunks=2', messages: msg('helper'), stream_options: { include_usage: true } })
    .finalChatCompletion();
  await client.chat.completions.parse({ model: 'gpt-4o-mini', messages: msg('parsed') });
  await client.responses.create({ model: 'gpt-4o', input: 'responses' });
  await client.embeddings.create({ model: 'text-embedding-3-small', input: 'embed' });
  return 6;
}

for (const [major, OpenAI] of [
  ['openai 7', OpenAI7],
  ['openai 6', OpenAI6],
] as const) {
  describe(`one LLM span per call when tracing layers stack (${major})`, () => {
    let server: FakeOpenAIServer;
    let tracing: TestTracing;
    const rejections = detectUnhandledRejections();
    const newClient = (): any => new (OpenAI as any)({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    const llmSpans = async (): Promise<ReadableSpan[]> => {
      await getClient().forceFlush();
      return tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
    };
    const withUsage = (spans: ReadableSpan[]) => spans.filter((s) => s.attributes['llm.input_tokens'] !== undefined);
    before(async () => {
      rejections.start();
      server = await startFakeOpenAI();
      tracing = setupTracing();
    });
    afterEach(() => {
      uninstrument('openai');
      tracing.exporter.reset();
      server.reset();
    });
    after(async () => {
      await tracing.close();
      await server.close();
      assert.deepEqual(rejections.stop(), [], 'no unhandled rejection fired');
    });

    for (const [label, wrap] of LAYERINGS) {
      it(`${label}: every call shape gives one span, with its usage once`, async () => {
        assert.ok(instrument({ openai: OpenAI }) >= 5);
        const calls = await callEveryWay(wrap(newClient()));
        assert.equal(server.requests.length, calls, 'one request per call');
        const spans = await llmSpans();
        assert.equal(spans.length, calls);
        assert.equal(withUsage(spans).length, calls, 'every span has its usage');
        assert.equal(new Set(spans.map((s) => s.spanId)).size, calls, 'no span exported twice');
      });
    }

    for (const [label, layer] of [
      ['a patched client', (c: any) => (instrument({ openai: OpenAI }), c)],
      ['a traceOpenAI proxy', (c: any) => traceOpenAI(c)],
      ['a proxy over a patched client', (c: any) => (instrument({ openai: OpenAI }), traceOpenAI(c))],
    ] as const) {
      it(`traceLLM and traceLLMCall around a call through ${label} give one LLM span with the usage`, async () => {
        const client = layer(newClient());
        const ask = (content: string) =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
        await traceOperation('root', async () => {
          await traceLLM({ model: 'gpt-4o-mini', operation: 'scoped' }, () => ask('in scope'));
          await traceLLMCall(ask, { model: 'gpt-4o-mini', operation: 'wrapped' })('in wrapper');
        });
        const spans = await llmSpans();
        assert.deepEqual(spans.map((s) => s.name).sort(), ['llm.scoped', 'llm.wrapped']);
        assert.equal(withUsage(spans).length, 2, 'usage recorded on each');
        assert.equal(tracing.span('llm.scoped').attributes['llm.response'], 'Echo: in scope');
      });
    }

    it('a streamed call inside traceLLM records its usage on one span only', async () => {
      instrument({ openai: OpenAI });
      const client = traceOpenAI(newClient());
      await traceLLM({ model: 'gpt-4o-mini', operation: 'streamed' }, async () => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini@chunks=3',
          messages: [{ role: 'user', content: 'x' }],
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const _ of stream) void _;
      });
      // By design the stream gets its own child (its chunks may outlive the scope); its figures are not copied up.
      const spans = await llmSpans();
      assert.equal(withUsage(spans).length, 1);
      assert.equal(spans.filter((s) => s.attributes['llm.cost.total'] !== undefined).length, 1, 'cost counted once');
    });

    it('autoInstrument and instrument({ openai }) both applied, in either order, give one span per call', async () => {
      const client = newClient();
      const chat = () =>
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] });
      autoInstrument('openai');
      instrument({ openai: OpenAI });
      await settleLoadedCopies();
      await chat();
      assert.equal((await llmSpans()).length, 1);
      uninstrument('openai');
      tracing.exporter.reset();
      instrument({ openai: OpenAI });
      autoInstrument('openai');
      await settleLoadedCopies();
      await chat();
      await traceOpenAI(client).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'b' }],
      });
      assert.equal((await llmSpans()).length, 2);
    });
  });
}

describe('one LLM span per call when the layers come from separate entry points', () => {
  it('the --import noveum-trace/register preload plus instrument({ openai }) gives one span per call', async () => {
    const server = await startFakeOpenAI();
    try {
      const run = await runConsumer(
        'esm',
        `
        const exporter = new nt.InMemoryExporter();
        nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
        nt.instrument({ openai: sdk });
        const client = new sdk.OpenAI({ apiKey: 'sk-test', baseURL: ${JSON.stringify(server.url)}, maxRetries: 0 });
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] });
        await nt.flush();
        report(exporter.getFinishedSpans().map((s) => s.name));
        `,
        { imports: { nt: 'noveum-trace', sdk: 'openai' }, nodeArgs: ['--import', 'noveum-trace/register'] }
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports, [['chat gpt-4o-mini']]);
    } finally {
      await server.close();
    }
  });

  it('a proxy from one build over a client patched by the other gives one span, and traceLLM too', async () => {
    const server = await startFakeOpenAI();
    try {
      const run = await runConsumer(
        'esm',
        `
        import { createRequire } from 'node:module';
        const cjs = createRequire(import.meta.url)('noveum-trace');
        const exporter = new nt.InMemoryExporter();
        nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
        cjs.instrument({ openai: sdk });
        const client = nt.traceOpenAI(new sdk.OpenAI({ apiKey: 'sk-test', baseURL: ${JSON.stringify(server.url)}, maxRetries: 0 }));
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] });
        await nt.traceLLM({ model: 'gpt-4o-mini', operation: 'scoped' }, () =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'b' }] })
        );
        await nt.flush();
        report(exporter.getFinishedSpans().map((s) => [s.name, s.attributes['llm.input_tokens'] !== undefined]));
        `,
        { imports: { nt: 'noveum-trace', sdk: 'openai' } }
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports, [
        [
          ['chat gpt-4o-mini', true],
          ['llm.scoped', true],
        ],
      ]);
    } finally {
      await server.close();
    }
  });
});
