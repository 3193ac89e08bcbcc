/**
 * The LlamaIndex integration in process, with the real `@llamaindex/core` / `@llamaindex/openai`
 * (ESM copies) patched by `instrument({ llamaindex })` and the fake OpenAI server: the value the
 * library returned is handed back as it is, streamed `complete` and chat engines end their
 * spans once, failures end spans as errors (LlamaIndex's events have no error event), and
 * `uninstrument` puts everything back.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as chatEngines from '@llamaindex/core/chat-engine';
import * as llms from '@llamaindex/core/llms';
import * as retrievers from '@llamaindex/core/retriever';
import * as tools from '@llamaindex/core/tools';
import * as llamaOpenAI from '@llamaindex/openai';
import { getClient } from '../../../src/api/client.js';
import { traceOperation } from '../../../src/api/scoped.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const MODULES = [llms, chatEngines, retrievers, tools, llamaOpenAI];

describe('LlamaIndex instrumentation (in process)', () => {
  let server: FakeOpenAIServer;
  let tracing: TestTracing;
  let last: unknown;
  const pristineChat = llamaOpenAI.OpenAI.prototype.chat;
  const llm = (model = 'gpt-4o-mini') =>
    new llamaOpenAI.OpenAI({ model, apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  const spans = async (): Promise<ReadableSpan[]> => {
    await getClient().forceFlush();
    return [...tracing.spans()];
  };

  before(async () => {
    server = await startFakeOpenAI();
    tracing = setupTracing();
    // A spy under the instrumentation records what LlamaIndex's own method returned.
    llamaOpenAI.OpenAI.prototype.chat = function (this: unknown, ...args: unknown[]) {
      return (last = (pristineChat as (...a: unknown[]) => unknown).apply(this, args));
    } as typeof pristineChat;
    for (const mod of MODULES) instrument({ llamaindex: mod });
  });
  after(async () => {
    uninstrument('llamaindex');
    llamaOpenAI.OpenAI.prototype.chat = pristineChat;
    await tracing.close();
    await server.close();
  });
  beforeEach(() => tracing.exporter.reset());

  it('hands back the very promise LlamaIndex returned, and its result', async () => {
    const promise = llm().chat({ messages: [{ role: 'user', content: 'Hello' }] });
    assert.equal(promise, last);
    assert.equal((await promise).message.content, 'Echo: Hello');
  });

  it('a streamed complete is one LLM span, ended once when the stream is read', async () => {
    let text = '';
    const stream = await llm().complete({ prompt: 'Stream this', stream: true });
    for await (const chunk of stream) text += chunk.text;
    const llmSpans = (await spans()).filter((s) => s.attributes['noveum.span_type'] === 'llm');
    assert.deepEqual(
      llmSpans.map((s) => s.name),
      ['complete gpt-4o-mini']
    );
    assert.equal(llmSpans[0]!.attributes['llm.stream.outcome'], 'completed');
    assert.equal(llmSpans[0]!.attributes['llm.response'], text);
    assert.equal(llmSpans[0]!.attributes['llm.operation'], 'complete');
  });

  it('a chat engine span holds the message and the answer, with the LLM span inside', async () => {
    const engine = new chatEngines.SimpleChatEngine({ llm: llm() });
    const response = await traceOperation('turn', () => engine.chat({ message: 'Hi engine' }));
    let streamed = '';
    for await (const chunk of await engine.chat({ message: 'Stream engine', stream: true })) streamed += chunk.delta;
    const all = await spans();
    const engines = all.filter((s) => s.name === 'chat_engine.SimpleChatEngine');
    assert.equal(engines.length, 2);
    assert.equal(engines[0]!.attributes['agent.input'], 'Hi engine');
    assert.equal(engines[0]!.attributes['agent.output'], response.message.content);
    assert.equal(engines[1]!.attributes['agent.output'], streamed);
    const chats = all.filter((s) => s.name === 'chat gpt-4o-mini');
    assert.deepEqual(
      chats.map((c) => c.parentSpanId),
      engines.map((e) => e.spanId)
    );
  });

  it('a failing retriever ends its span as an error, and the caller gets the same error', async () => {
    const failure = new Error('index offline');
    class Failing extends retrievers.BaseRetriever {
      constructor() {
        super();
      }
      async _retrieve(): Promise<never> {
        throw failure;
      }
    }
    await assert.rejects(new Failing().retrieve('anything'), (e) => e === failure);
    const span = (await spans()).find((s) => s.name === 'retrieval.Failing');
    assert.equal(span?.status.code, 'error');
    assert.equal(span?.attributes['retrieval.query'], 'anything');
  });

  it('a tool that throws synchronously still throws synchronously, its span ended as an error', async () => {
    const failure = new Error('no weather today');
    const weather = tools.tool({
      name: 'weather',
      description: 'Weather',
      parameters: { type: 'object', properties: {} },
      execute: () => {
        throw failure;
      },
    });
    assert.throws(
      () => weather.call({}),
      (e) => e === failure
    );
    const span = (await spans()).find((s) => s.name === 'tool.weather');
    assert.equal(span?.status.code, 'error');
    assert.equal(span?.attributes['error.type'], 'Error');
  });

  it('a method selection patches the modules holding it, without shape warnings from the others', async () => {
    uninstrument('llamaindex');
    const before = tracing.diagLines.length;
    let patched = 0;
    for (const mod of MODULES) patched += instrument({ llamaindex: mod }, { methods: ['retriever.retrieve'] });
    assert.equal(patched, 1);
    assert.deepEqual(
      tracing.diagLines.slice(before).filter((l) => l.includes('expected shape')),
      []
    );
    uninstrument('llamaindex');
    for (const mod of MODULES) instrument({ llamaindex: mod });
  });

  it('after uninstrument, new LLMs are not traced', async () => {
    uninstrument('llamaindex');
    await llm().chat({ messages: [{ role: 'user', content: 'quiet' }] });
    assert.deepEqual(await spans(), []);
    for (const mod of MODULES) instrument({ llamaindex: mod });
  });
});
