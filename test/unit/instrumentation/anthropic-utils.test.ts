import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeferredAttribute } from '../../../src/core/attributes.js';
import { requestAttributes, summarizeMessage } from '../../../src/instrumentation/anthropic/utils.js';
import {
  prepareCaptureConfig,
  resolveCallCapture,
  type CallCapture,
} from '../../../src/instrumentation/genai/capture.js';

const GLOBAL = { inputs: true, outputs: true, maxInputLength: 20_000, maxOutputLength: 20_000 };
const capture = (config = {}): CallCapture => resolveCallCapture(prepareCaptureConfig(config), GLOBAL);
const messagesOf = (bag: Record<string, unknown>): unknown => {
  const v = bag['llm.messages'];
  return isDeferredAttribute(v) ? v.resolve() : v;
};

describe('anthropic request → attributes', () => {
  it('puts the system prompt (text blocks too) first in the captured messages', () => {
    const system = [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }];
    const a = requestAttributes(
      'chat',
      { model: 'claude-test', system, max_tokens: 9, top_k: 3, messages: [{ role: 'user', content: 'hi' }] },
      capture()
    );
    assert.equal(a['llm.max_tokens'], 9);
    assert.deepEqual(JSON.parse(String(messagesOf(a))), [
      { role: 'system', content: system },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('follows the capture options: nothing without inputs, PII masked in the system prompt', () => {
    const params = { model: 'm', system: 'Mail ada@example.com', messages: [{ role: 'user', content: 'x' }] };
    assert.equal(requestAttributes('chat', params, capture({ captureInputs: false }))['llm.messages'], undefined);
    const masked = String(messagesOf(requestAttributes('chat', params, capture({ redactPii: true }))));
    assert.doesNotMatch(masked, /ada@example\.com/);
  });
});

describe('anthropic message → summary', () => {
  it('joins text blocks, keeps tool_use blocks as tool calls and skips thinking', () => {
    const s = summarizeMessage({
      id: 'msg_1',
      model: 'claude-test',
      stop_reason: 'tool_use',
      content: [
        { type: 'thinking', thinking: 'hmm' },
        { type: 'text', text: 'Let me ' },
        { type: 'text', text: 'check.' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
      ],
      usage: { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: 10, cache_creation_input_tokens: 5 },
    });
    assert.equal(s.text, 'Let me check.');
    assert.deepEqual(s.toolCalls, [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' }]);
    assert.equal(s.finishReason, 'tool_use');
    assert.equal(s.usage?.input, 18);
    assert.equal(s.usage?.cached, 10);
    assert.equal(s.usage?.cacheCreation, 5);
  });

  it('reads a malformed body as an empty summary', () => {
    assert.deepEqual(summarizeMessage(null), {
      id: undefined,
      model: undefined,
      finishReason: undefined,
      usage: undefined,
      text: undefined,
    });
    assert.equal(summarizeMessage({ content: 'not an array' }).text, undefined);
  });
});
