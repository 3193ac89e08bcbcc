/**
 * @mistralai/mistralai 2.x (ESM-only) through `autoInstrument('mistral')` against the fake Mistral
 * server. The SDK's main entry does not export its resource classes, so this also checks that the
 * `./sdk/chat.js` and `./sdk/embeddings.js` subpath modules the app already loaded are found
 * (through the package's `./*.js` exports pattern) and patched. Then what a span records: messages,
 * parameters, text, tool calls, finish reason, usage, cost, streams, embeddings and errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import { SDKError } from '@mistralai/mistralai/models/errors';
import { getClient } from '../../../src/api/client.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { settleLoadedCopies } from '../../../src/instrumentation/hooks.js';
import { autoInstrument, getInstrumentationStatus, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeMistral, type FakeMistralServer } from '../../fixtures/servers/mistral-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const round = (n: number): number => Math.round(n * 1e10) / 1e10;

describe('@mistralai/mistralai 2.x (autoInstrument("mistral"))', () => {
  let server: FakeMistralServer;
  let tracing: TestTracing;
  let client: Mistral;
  const llmSpans = async (): Promise<ReadableSpan[]> => {
    await getClient().forceFlush();
    return tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
  };
  const onlyLlm = async (): Promise<ReadableSpan> => {
    const spans = await llmSpans();
    assert.equal(spans.length, 1, `one LLM span, got ${spans.map((s) => s.name).join(', ')}`);
    return spans[0]!;
  };
  before(async () => {
    server = await startFakeMistral();
    tracing = setupTracing();
    client = new Mistral({ apiKey: 'mistral-test-key', serverURL: server.url });
    assert.equal(autoInstrument('mistral'), true);
    await settleLoadedCopies();
    assert.equal(getInstrumentationStatus('mistral').patchedMethods, 5, 'Chat and Embeddings methods patched');
  });
  after(async () => {
    uninstrument('mistral');
    await tracing.close();
    await server.close();
  });
  beforeEach(() => tracing.exporter.reset());

  it('records model, messages, parameters, text, finish reason, usage and cost', async () => {
    const res = await client.chat.complete({
      model: 'mistral-small-latest',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.3,
      maxTokens: 40,
    });
    const s = await onlyLlm();
    const a = s.attributes;
    assert.equal(s.name, 'chat mistral-small-latest');
    assert.equal(a['llm.provider'], 'mistral_ai');
    assert.equal(a['llm.temperature'], 0.3);
    assert.equal(a['llm.max_tokens'], 40);
    assert.deepEqual(JSON.parse(String(a['llm.messages'])), [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'hi' },
    ]);
    assert.equal(a['llm.response'], 'Echo: hi');
    assert.equal(a['llm.finish_reason'], 'stop');
    assert.equal(a['llm.response_id'], res.id);
    assert.equal(a['llm.input_tokens'], res.usage.promptTokens);
    assert.equal(a['llm.output_tokens'], res.usage.completionTokens);
    // mistral-small: $0.10 input, $0.30 output per 1M tokens (`-latest` is the base model).
    const cost = (res.usage.promptTokens! * 0.1 + res.usage.completionTokens! * 0.3) / 1e6;
    assert.equal(a['llm.cost.total'], round(cost));
  });

  it('records declared tools and the tool calls the model made', async () => {
    await client.chat.complete({
      model: 'mistral-large-latest@tools',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }],
    });
    const a = (await onlyLlm()).attributes;
    assert.deepEqual(a['llm.tools'], ['get_weather']);
    assert.equal(a['llm.finish_reason'], 'tool_calls');
    assert.deepEqual(JSON.parse(String(a['llm.tool_calls'])), [
      { id: 'fakecall1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
  });

  it('ends a stream’s span once with text, usage of the last chunk and time to first token', async () => {
    const stream = await client.chat.stream({
      model: 'mistral-small-latest@chunks=3',
      messages: [{ role: 'user', content: 'go' }],
    });
    let text = '';
    for await (const e of stream) text += String(e.data.choices[0]?.delta.content ?? '');
    const a = (await onlyLlm()).attributes;
    assert.equal(a['llm.streaming'], true);
    assert.equal(a['llm.response'], text);
    assert.equal(a['llm.output_tokens'], 3);
    assert.equal(typeof a['llm.input_tokens'], 'number');
    assert.equal(typeof a['llm.time_to_first_token_ms'], 'number');
    assert.equal(a['llm.stream.outcome'], 'completed');
  });

  it('records embeddings with usage, vector count and size', async () => {
    const res = await client.embeddings.create({ model: 'mistral-embed', inputs: ['a', 'b'] });
    const s = await onlyLlm();
    assert.equal(s.name, 'embeddings mistral-embed');
    assert.equal(s.attributes['llm.embedding.count'], 2);
    assert.equal(s.attributes['llm.embedding.dimensions'], 8);
    assert.equal(s.attributes['llm.input_tokens'], res.usage.promptTokens);
  });

  it('rejects with the SDK’s own error and records its status', async () => {
    const error = await client.chat
      .complete({ model: 'mistral-small-latest@error=429', messages: [{ role: 'user', content: 'x' }] })
      .then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e
      );
    assert.ok(error instanceof SDKError);
    const s = await onlyLlm();
    assert.equal(s.status.code, 'error');
    assert.equal(s.attributes['error.type'], 'SDKError');
    assert.equal(s.attributes['http.response.status_code'], 429);
  });
});
