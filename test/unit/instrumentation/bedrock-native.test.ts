/**
 * InvokeModel's model-native bodies → a result summary, for the families the integration test's
 * fake server does not speak (Amazon Nova and Titan, Mistral text and chat, Titan embeddings), and
 * stream chunks with Bedrock's invocation metrics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  nativeInput,
  parseBody,
  readNativeChunk,
  summarizeNative,
} from '../../../src/instrumentation/bedrock/native.js';

describe('Bedrock native bodies', () => {
  it('parses a body given as a string, bytes or an object, and nothing else', () => {
    assert.deepEqual(parseBody('{"a":1}'), { a: 1 });
    assert.deepEqual(parseBody(new TextEncoder().encode('{"a":2}')), { a: 2 });
    assert.equal(parseBody('not json'), undefined);
  });
  it('reads Amazon Nova with cache counts added to the input', () => {
    const s = summarizeNative({
      output: { message: { content: [{ text: 'hi' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 10, outputTokens: 2, totalTokens: 17, cacheReadInputTokenCount: 5 },
    });
    assert.equal(s.text, 'hi');
    assert.equal(s.finishReason, 'end_turn');
    assert.deepEqual(s.usage, { input: 15, output: 2, total: 17, cached: 5, cacheCreation: undefined });
  });
  it('reads Mistral text and chat bodies, Titan text and Titan embeddings', () => {
    assert.equal(summarizeNative({ outputs: [{ text: 'a', stop_reason: 'stop' }] }).text, 'a');
    const chat = summarizeNative({
      id: 'x',
      choices: [{ message: { content: 'b' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    });
    assert.deepEqual([chat.text, chat.usage?.input, chat.usage?.output], ['b', 3, 1]);
    const titan = summarizeNative({
      inputTextTokenCount: 4,
      results: [{ outputText: 'c', tokenCount: 2, completionReason: 'FINISH' }],
    });
    assert.deepEqual([titan.text, titan.finishReason, titan.usage?.input, titan.usage?.output], ['c', 'FINISH', 4, 2]);
    const embedding = summarizeNative({ embedding: [0.1, 0.2, 0.3], inputTextTokenCount: 5 });
    assert.equal(embedding.usage?.input, 5);
    assert.equal(embedding.extra?.['llm.embedding.dimensions'], 3);
  });
  it('turns prompt-style and message-style requests into messages', () => {
    assert.deepEqual(nativeInput({ inputText: 'q' }), [{ role: 'user', content: 'q' }]);
    assert.deepEqual(nativeInput({ system: [{ text: 's' }], messages: [{ role: 'user', content: [{ text: 'u' }] }] }), [
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
    ]);
  });
  it('reads stream chunks of each family, and takes usage from the invocation metrics', () => {
    assert.equal(readNativeChunk({ contentBlockDelta: { delta: { text: 'n' } } }).text, 'n');
    assert.equal(readNativeChunk({ outputText: 't', completionReason: 'FINISH' }).finishReason, 'FINISH');
    const last = readNativeChunk({
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': { inputTokenCount: 7, outputTokenCount: 3 },
    });
    assert.deepEqual(last.usage, { input: 7, output: 3 });
  });
});
