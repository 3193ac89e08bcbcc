/**
 * @aws-sdk/client-bedrock-runtime 3.x through `instrument({ bedrock })` against the fake Bedrock
 * server: Converse (system, messages, parameters, tools, text, tool use, stop reason, usage with
 * cache tokens, cost by Bedrock model id), ConverseStream and InvokeModelWithResponseStream
 * (event-stream frames, usage, time to first token, an exception frame), InvokeModel's native
 * bodies (Anthropic, Meta), and what stays untraced (other commands, the callback form).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as bedrock from '@aws-sdk/client-bedrock-runtime';
import { getClient } from '../../../src/api/client.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeBedrock, type FakeBedrockServer } from '../../fixtures/servers/bedrock-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const round = (n: number): number => Math.round(n * 1e10) / 1e10;
const user = (text: string) => [{ role: 'user' as const, content: [{ text }] }];

describe('@aws-sdk/client-bedrock-runtime 3.x (instrument({ bedrock }))', () => {
  let server: FakeBedrockServer;
  let tracing: TestTracing;
  let client: bedrock.BedrockRuntimeClient;
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
    server = await startFakeBedrock();
    tracing = setupTracing();
    assert.equal(instrument({ bedrock }), 1, 'send() patched');
    client = new bedrock.BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: server.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });
  });
  after(async () => {
    uninstrument('bedrock');
    client.destroy();
    await tracing.close();
    await server.close();
  });
  beforeEach(() => tracing.exporter.reset());

  it('records a Converse call: system, messages, parameters, text, stop reason, usage, request id, cost', async () => {
    const model = 'us.amazon.nova-pro-v1:0';
    const out = await client.send(
      new bedrock.ConverseCommand({
        modelId: model,
        system: [{ text: 'Be terse.' }],
        messages: user('hi'),
        inferenceConfig: { maxTokens: 40, temperature: 0.1 },
      })
    );
    const s = await onlyLlm();
    const a = s.attributes;
    assert.equal(s.name, `chat ${model}`);
    assert.equal(a['llm.provider'], 'aws.bedrock');
    assert.equal(a['llm.model'], model);
    assert.equal(a['llm.max_tokens'], 40);
    assert.equal(a['llm.temperature'], 0.1);
    assert.deepEqual(JSON.parse(String(a['llm.messages'])), [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'hi' },
    ]);
    assert.equal(a['llm.response'], 'Echo: hi');
    assert.equal(a['llm.finish_reason'], 'end_turn');
    assert.equal(a['llm.request_id'], out.$metadata.requestId);
    assert.equal(a['llm.input_tokens'], out.usage?.inputTokens);
    // amazon.nova-pro: $0.80 input, $3.20 output per 1M tokens (region prefix and version ignored).
    const cost = (out.usage!.inputTokens! * 0.8 + out.usage!.outputTokens! * 3.2) / 1e6;
    assert.equal(a['llm.cost.total'], round(cost));
  });

  it('adds cache reads and writes to the input total and prices them (Anthropic on Bedrock)', async () => {
    server.scenario = { cachedTokens: 100, cacheWriteTokens: 20 };
    const out = await client
      .send(
        new bedrock.ConverseCommand({ modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', messages: user('cache') })
      )
      .finally(() => (server.scenario = {}));
    const a = (await onlyLlm()).attributes;
    const raw = out.usage!.inputTokens!;
    assert.equal(a['llm.input_tokens'], raw + 120);
    assert.equal(a['llm.cached_tokens'], 100);
    assert.equal(a['llm.cache_creation_tokens'], 20);
    assert.equal(a['llm.cost.input'], round((raw * 1 + 100 * 0.1 + 20 * 1.25) / 1e6));
  });

  it('records declared tools and the tool use the model asked for', async () => {
    await client.send(
      new bedrock.ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0@tools',
        messages: user('weather?'),
        toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] },
      })
    );
    const a = (await onlyLlm()).attributes;
    assert.deepEqual(a['llm.tools'], ['get_weather']);
    assert.equal(a['llm.finish_reason'], 'tool_use');
    assert.deepEqual(JSON.parse(String(a['llm.tool_calls'])), [
      { id: 'tooluse_fake_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
  });

  it('ends a ConverseStream span once with text, tool input, usage and time to first token', async () => {
    const out = await client.send(
      new bedrock.ConverseStreamCommand({ modelId: 'amazon.nova-pro-v1:0@chunks=3', messages: user('go') })
    );
    let text = '';
    for await (const e of out.stream!) text += e.contentBlockDelta?.delta?.text ?? '';
    const a = (await onlyLlm()).attributes;
    assert.equal(a['llm.response'], text);
    assert.equal(a['llm.output_tokens'], 3);
    assert.equal(typeof a['llm.input_tokens'], 'number');
    assert.equal(typeof a['llm.time_to_first_token_ms'], 'number');
    assert.equal(a['llm.stream.outcome'], 'completed');
    const tools = await client.send(
      new bedrock.ConverseStreamCommand({ modelId: 'amazon.nova-pro-v1:0@tools', messages: user('go') })
    );
    for await (const _ of tools.stream!) void _;
    const spans = await llmSpans();
    assert.deepEqual(JSON.parse(String(spans[1]!.attributes['llm.tool_calls'])), [
      { id: 'tooluse_fake_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
  });

  it('ends a stream’s span with the error of an exception frame, which the caller gets as the SDK throws it', async () => {
    const out = await client.send(
      new bedrock.ConverseStreamCommand({ modelId: 'amazon.nova-pro-v1:0@chunks=4,errorEvent=2', messages: user('x') })
    );
    let caught: unknown;
    try {
      for await (const _ of out.stream!) void _;
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof bedrock.ThrottlingException);
    const s = await onlyLlm();
    assert.equal(s.status.code, 'error');
    assert.equal(s.attributes['error.type'], 'ThrottlingException');
    assert.equal(s.attributes['llm.response'], 'Echo: x', 'what was read before the error');
  });

  it('reads InvokeModel native bodies: Anthropic Messages and Meta Llama', async () => {
    const model = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 30,
      system: 'Sys.',
      messages: [{ role: 'user', content: 'hey' }],
    };
    const out = await client.send(new bedrock.InvokeModelCommand({ modelId: model, body: JSON.stringify(body) }));
    const parsed = JSON.parse(out.body.transformToString());
    await client.send(
      new bedrock.InvokeModelCommand({
        modelId: 'meta.llama3-3-70b-instruct-v1:0',
        body: new TextEncoder().encode(JSON.stringify({ prompt: 'yo', max_gen_len: 20, temperature: 0.5 })),
      })
    );
    const [anthropic, meta] = await llmSpans();
    const a = anthropic!.attributes;
    assert.deepEqual(JSON.parse(String(a['llm.messages'])), [
      { role: 'system', content: 'Sys.' },
      { role: 'user', content: 'hey' },
    ]);
    assert.equal(a['llm.max_tokens'], 30);
    assert.equal(a['llm.response'], 'Echo: hey');
    assert.equal(a['llm.response_id'], parsed.id);
    assert.equal(a['llm.input_tokens'], parsed.usage.input_tokens);
    assert.equal(a['llm.cost.output'], round((parsed.usage.output_tokens * 5) / 1e6));
    const m = meta!.attributes;
    assert.deepEqual(JSON.parse(String(m['llm.messages'])), [{ role: 'user', content: 'yo' }]);
    assert.equal(m['llm.temperature'], 0.5);
    assert.equal(m['llm.response'], 'Echo: yo');
    assert.equal(m['llm.finish_reason'], 'stop');
    assert.equal(
      m['llm.cost.total'],
      round(((m['llm.input_tokens'] as number) * 0.72 + (m['llm.output_tokens'] as number) * 0.72) / 1e6)
    );
  });

  it('ends an InvokeModelWithResponseStream span with Bedrock’s invocation metrics as usage', async () => {
    const out = await client.send(
      new bedrock.InvokeModelWithResponseStreamCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0@chunks=3',
        body: JSON.stringify({ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      })
    );
    let last: any;
    for await (const e of out.body!) last = JSON.parse(new TextDecoder().decode(e.chunk!.bytes));
    const metrics = last['amazon-bedrock-invocationMetrics'];
    const a = (await onlyLlm()).attributes;
    assert.equal(a['llm.input_tokens'], metrics.inputTokenCount);
    assert.equal(a['llm.output_tokens'], metrics.outputTokenCount);
    assert.equal(a['llm.finish_reason'], 'end_turn');
    assert.equal(a['llm.response'], 'Echo: x Echo:');
    assert.equal(typeof a['llm.time_to_first_token_ms'], 'number');
  });

  it('rejects with the SDK’s own exception and records status and request id', async () => {
    const error = await client
      .send(new bedrock.ConverseCommand({ modelId: 'amazon.nova-pro-v1:0@error=429', messages: user('x') }))
      .then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e
      );
    assert.ok(error instanceof bedrock.ThrottlingException);
    const s = await onlyLlm();
    assert.equal(s.attributes['error.type'], 'ThrottlingException');
    assert.equal(s.attributes['http.response.status_code'], 429);
    assert.equal(s.attributes['llm.request_id'], (error as bedrock.ThrottlingException).$metadata.requestId);
  });

  it('leaves other commands and the callback form of send() untraced', async () => {
    await client.send(new bedrock.ListAsyncInvokesCommand({})).catch(() => undefined);
    await new Promise<void>((resolve) =>
      client.send(new bedrock.ConverseCommand({ modelId: 'amazon.nova-pro-v1:0', messages: user('cb') }), () =>
        resolve()
      )
    );
    assert.deepEqual(await llmSpans(), []);
  });
});
