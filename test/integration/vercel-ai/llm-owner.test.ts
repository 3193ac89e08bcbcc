/**
 * The one-LLM-span rule for the AI SDK inside the app's `traceLLM` (real `ai` 6 and
 * `@ai-sdk/openai` against the fake OpenAI server, patched by `instrument({ ai })`): the
 * scope's span is the model call, a tool loop's later steps and its tools nest under it, and a
 * stream read after the scope's callback returned still lands on it before it ends.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as ai from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { getClient } from '../../../src/api/client.js';
import { traceLLM } from '../../../src/api/scoped.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('ai inside traceLLM', () => {
  let server: FakeOpenAIServer;
  let tracing: TestTracing;
  let traced: typeof ai;
  let provider: ReturnType<typeof createOpenAI>;
  before(async () => {
    server = await startFakeOpenAI();
    tracing = setupTracing();
    provider = createOpenAI({ baseURL: server.url, apiKey: 'sk-test' });
    traced = { ...ai };
    instrument({ ai: traced });
  });
  after(async () => {
    uninstrument('ai');
    await tracing.close();
    await server.close();
  });
  beforeEach(() => tracing.exporter.reset());

  const spans = async () => {
    await getClient().forceFlush();
    return tracing.spans();
  };

  it('writes the first step onto the scope; later steps and the tool nest under it', async () => {
    const weather = ai.tool({
      description: 'weather',
      inputSchema: ai.jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } } }),
      execute: async ({ city }) => `Sunny in ${city}`,
    });
    const result = await traceLLM({ operation: 'weather' }, () =>
      traced.generateText({
        model: provider.chat('gpt-4o-mini@tools'),
        prompt: 'Weather in Paris?',
        tools: { get_weather: weather },
        stopWhen: ai.stepCountIs(3),
      })
    );
    const all = await spans();
    const scope = tracing.span('llm.weather');
    assert.equal(all.filter((s) => s.name.startsWith('ai.')).length, 0, 'no operation span of its own');
    const llm = all.filter((s) => s.attributes['noveum.span_type'] === 'llm');
    assert.deepEqual(
      llm.map((s) => s.name),
      ['chat gpt-4o-mini@tools', 'llm.weather'],
      'the scope plus the second step'
    );
    assert.equal(llm[0]!.parentSpanId, scope.spanId);
    assert.equal(tracing.span('tool get_weather').parentSpanId, scope.spanId);
    assert.equal(scope.attributes['llm.finish_reason'], 'tool-calls', 'the first step is on the scope');
    const input = llm.reduce((n, s) => n + (s.attributes['llm.input_tokens'] as number), 0);
    assert.equal(input, result.totalUsage.inputTokens, 'usage counted once');
    assert.equal(scope.attributes['ai.total_usage.inputTokens'], result.totalUsage.inputTokens);
    assert.equal(scope.status.code, 'ok');
  });

  it('keeps the scope open for a stream returned from its callback, and ends it once read', async () => {
    const result = traceLLM({ operation: 'later' }, () =>
      traced.streamText({ model: provider.chat('gpt-4o-mini@chunks=3'), prompt: 'contract' })
    );
    assert.deepEqual(
      (await spans()).map((s) => [s.name, s.attributes['llm.stream.outcome']]),
      [],
      'the scope waits for the stream'
    );
    let text = '';
    for await (const piece of result.textStream) text += piece;
    await result.consumeStream();
    const scope = tracing.span('llm.later');
    assert.equal(tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm').length, 1);
    assert.equal(scope.attributes['llm.stream.outcome'], 'completed');
    assert.ok((scope.attributes['llm.output_tokens'] as number) > 0);
    assert.match(text, /Echo/);
  });

  it('records a failed stream’s error on the scope once', async () => {
    const result = traceLLM({ operation: 'dropped' }, () =>
      traced.streamText({ model: provider.chat('gpt-4o-mini@chunks=6,drop=2'), prompt: 'contract', onError() {} })
    );
    await assert.rejects(async () => {
      for await (const _ of result.textStream) void _;
    });
    await getClient().forceFlush();
    const scope = tracing.span('llm.dropped');
    assert.equal(scope.status.code, 'error');
    assert.equal(scope.events.filter((e) => e.name === 'exception').length, 1, 'one exception event');
    assert.equal(scope.attributes['llm.stream.outcome'], 'error');
    assert.equal(tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm').length, 1);
  });
});
