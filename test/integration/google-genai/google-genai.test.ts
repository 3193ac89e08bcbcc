/**
 * @google/genai 2.x through `instrument({ 'google-genai' })` against the fake Gemini server: what
 * a span records for generateContent (system instruction, contents, parameters, text, function
 * calls, finish reason, usage with cached and thought tokens, cost), streams (usage from the last
 * chunk, time to first token), chats (history), embeddings, and errors (the SDK's own object).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as genai from '@google/genai';
import { getClient } from '../../../src/api/client.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeGemini, type FakeGeminiServer } from '../../fixtures/servers/gemini-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('@google/genai 2.x (instrument({ "google-genai" }))', () => {
  let server: FakeGeminiServer;
  let tracing: TestTracing;
  let ai: genai.GoogleGenAI;
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
    server = await startFakeGemini();
    tracing = setupTracing();
    assert.equal(instrument({ 'google-genai': genai }), 3, 'every registry method');
    ai = new genai.GoogleGenAI({ apiKey: 'gemini-test-key', httpOptions: { baseUrl: server.url } });
  });
  after(async () => {
    uninstrument('google-genai');
    await tracing.close();
    await server.close();
  });
  beforeEach(() => tracing.exporter.reset());

  it('records model, system instruction, contents, parameters, text, finish reason, usage and cost', async () => {
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'hi',
      config: { systemInstruction: 'Be terse.', temperature: 0.2, maxOutputTokens: 40 },
    });
    assert.equal(res.text, 'Echo: hi');
    const s = await onlyLlm();
    const a = s.attributes;
    assert.equal(s.name, 'chat gemini-2.5-flash');
    assert.equal(a['llm.provider'], 'gcp.gemini');
    assert.equal(a['llm.model'], 'gemini-2.5-flash');
    assert.equal(a['llm.temperature'], 0.2);
    assert.equal(a['llm.max_tokens'], 40);
    assert.deepEqual(JSON.parse(String(a['llm.messages'])), [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'hi' },
    ]);
    assert.equal(a['llm.response'], 'Echo: hi');
    assert.equal(a['llm.finish_reason'], 'STOP');
    assert.equal(a['llm.response_id'], res.responseId);
    const u = res.usageMetadata!;
    assert.equal(a['llm.input_tokens'], u.promptTokenCount);
    assert.equal(a['llm.output_tokens'], u.candidatesTokenCount);
    // gemini-2.5-flash: $0.30 input, $2.50 output per 1M tokens.
    const cost = (u.promptTokenCount! * 0.3 + u.candidatesTokenCount! * 2.5) / 1e6;
    assert.equal(a['llm.cost.total'], Math.round(cost * 1e10) / 1e10);
    assert.equal(s.status.code, 'ok');
  });

  it('counts cached tokens at the cache price and thoughts as output', async () => {
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash@cached=4,reasoning=3', contents: 'x' });
    const a = (await onlyLlm()).attributes;
    const u = res.usageMetadata!;
    assert.equal(a['llm.cached_tokens'], 4);
    assert.equal(a['llm.reasoning_tokens'], 3);
    assert.equal(a['llm.output_tokens'], u.candidatesTokenCount! + 3);
    const input = ((u.promptTokenCount! - 4) * 0.3 + 4 * 0.03) / 1e6;
    assert.equal(a['llm.cost.input'], Math.round(input * 1e10) / 1e10);
  });

  it('records declared tools and the function calls the model made', async () => {
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash@tools',
      contents: [{ role: 'user', parts: [{ text: 'weather?' }] }],
      config: { tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] },
    });
    assert.equal(res.functionCalls?.[0]?.name, 'get_weather');
    const a = (await onlyLlm()).attributes;
    assert.deepEqual(a['llm.tools'], ['get_weather']);
    assert.deepEqual(JSON.parse(String(a['llm.tool_calls'])), [{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
  });

  it('ends a stream’s span once with the text, usage of the last chunk and time to first token', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash@chunks=4', contents: 'go' });
    let text = '';
    let usage: genai.GenerateContentResponseUsageMetadata | undefined;
    for await (const chunk of stream) {
      text += chunk.text ?? '';
      usage = chunk.usageMetadata ?? usage;
    }
    const a = (await onlyLlm()).attributes;
    assert.equal(a['llm.streaming'], true);
    assert.equal(a['llm.response'], text);
    assert.equal(a['llm.input_tokens'], usage?.promptTokenCount);
    assert.equal(a['llm.output_tokens'], 4);
    assert.equal(a['llm.finish_reason'], 'STOP');
    assert.equal(typeof a['llm.time_to_first_token_ms'], 'number');
    assert.equal(a['llm.stream.outcome'], 'completed');
  });

  it('sees chunks read with next() by hand, and ends the span once on return()', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash@chunks=5', contents: 'go' });
    const first = await stream.next();
    assert.equal(first.done, false);
    await stream.return(undefined);
    const a = (await onlyLlm()).attributes;
    assert.equal(a['llm.stream.outcome'], 'cancelled');
    assert.equal(a['llm.response'], 'Echo:');
  });

  it('traces each chat message once, with the history it sent', async () => {
    const chat = ai.chats.create({ model: 'gemini-2.5-flash' });
    await chat.sendMessage({ message: 'one' });
    const reply = await chat.sendMessage({ message: 'two' });
    assert.equal(reply.text, 'Echo: two');
    const spans = await llmSpans();
    assert.equal(spans.length, 2);
    assert.deepEqual(JSON.parse(String(spans[1]!.attributes['llm.messages'])), [
      { role: 'user', content: 'one' },
      { role: 'model', content: 'Echo: one' },
      { role: 'user', content: 'two' },
    ]);
    const stream = await chat.sendMessageStream({ message: 'three' });
    for await (const _ of stream) void _;
    assert.equal((await llmSpans()).length, 3);
  });

  it('records embeddings as one span with the vector count and size', async () => {
    await ai.models.embedContent({ model: 'gemini-embedding-001', contents: ['a', 'b'] });
    const s = await onlyLlm();
    assert.equal(s.name, 'embeddings gemini-embedding-001');
    assert.equal(s.attributes['llm.embedding.count'], 2);
    assert.equal(s.attributes['llm.embedding.dimensions'], 8);
  });

  it('rejects with the SDK’s own ApiError and records it on the span', async () => {
    const error = await ai.models.generateContent({ model: 'gemini-2.5-flash@error=429', contents: 'x' }).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e
    );
    assert.ok(error instanceof genai.ApiError);
    const s = await onlyLlm();
    assert.equal(s.status.code, 'error');
    assert.equal(s.attributes['error.type'], 'ApiError');
    assert.equal(s.attributes['http.response.status_code'], 429);
  });
});
