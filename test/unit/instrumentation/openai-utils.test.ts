import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  prepareCaptureConfig,
  resolveCallCapture,
  type CallCapture,
} from '../../../src/instrumentation/genai/capture.js';
import { isDeferredAttribute } from '../../../src/core/attributes.js';
import * as utils from '../../../src/instrumentation/openai/utils.js';
import { normalizeUsage, spanName } from '../../../src/instrumentation/openai/utils.js';

// Captured text is worked out at export (a DeferredAttribute): resolve it as the exporter would.
const resolved = (bag: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(bag).map(([k, v]) => [k, isDeferredAttribute(v) ? v.resolve() : v]));
const requestAttributes = (...args: Parameters<typeof utils.requestAttributes>) =>
  resolved(utils.requestAttributes(...args));
const responseAttributes = (...args: Parameters<typeof utils.responseAttributes>) =>
  resolved(utils.responseAttributes(...args));

const GLOBAL = { inputs: true, outputs: true, maxInputLength: 20_000, maxOutputLength: 20_000 };
const capture = (config = {}): CallCapture => resolveCallCapture(prepareCaptureConfig(config), GLOBAL);

describe('openai request → attributes', () => {
  it('maps model, parameters, tools and messages', () => {
    const a = requestAttributes(
      'chat',
      {
        model: 'gpt-4o',
        temperature: 0.5,
        top_p: 0.9,
        max_completion_tokens: 99,
        stream: true,
        tools: [{ type: 'function', function: { name: 'lookup' } }],
        messages: [{ role: 'user', content: 'hi' }],
      },
      capture()
    );
    assert.equal(a['llm.provider'], 'openai');
    assert.equal(a['llm.operation'], 'chat');
    assert.equal(a['llm.model'], 'gpt-4o');
    assert.equal(a['llm.temperature'], 0.5);
    assert.equal(a['llm.top_p'], 0.9);
    assert.equal(a['llm.max_tokens'], 99);
    assert.equal(a['llm.streaming'], true);
    assert.deepEqual(a['llm.tools'], ['lookup']);
    assert.equal(a['llm.messages'], '[{"role":"user","content":"hi"}]');
  });
  it('turns Responses instructions into a system message', () => {
    const a = requestAttributes('responses', { model: 'gpt-4o', instructions: 'be brief', input: 'hello' }, capture());
    assert.equal(a['llm.messages'], '[{"role":"system","content":"be brief"},{"role":"user","content":"hello"}]');
  });
  it('captures no input when captureInputs is false', () => {
    const a = requestAttributes(
      'chat',
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'secret' }] },
      capture({ captureInputs: false })
    );
    assert.equal(a['llm.messages'], undefined);
  });
  it('cuts input at maxInputLength and marks the cut', () => {
    const a = requestAttributes(
      'completions',
      { model: 'x', prompt: 'a'.repeat(100) },
      capture({ maxInputLength: 10 })
    );
    assert.equal(a['llm.messages'], 'aaaaaaaaaa…[truncated]');
  });
  it('masks PII in captured text when redactPii is on', () => {
    const a = requestAttributes(
      'chat',
      { model: 'x', messages: [{ role: 'user', content: 'mail me at jane.doe@example.com' }] },
      capture({ redactPii: true })
    );
    assert.doesNotMatch(String(a['llm.messages']), /jane\.doe@example\.com/);
    assert.match(String(a['llm.messages']), /REDACTED/);
  });
  it('names spans "{operation} {model}"', () => {
    assert.equal(spanName('chat', 'gpt-4o'), 'chat gpt-4o');
    assert.equal(spanName('embeddings', undefined), 'embeddings');
  });
});

describe('openai response → attributes', () => {
  const completion = {
    id: 'chatcmpl-1',
    model: 'gpt-4o-2024-08-06',
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        message: {
          content: 'Hello',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
      },
    ],
    usage: {
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_tokens: 1100,
      prompt_tokens_details: { cached_tokens: 200 },
      completion_tokens_details: { reasoning_tokens: 30 },
    },
  };
  it('maps id, model, finish reason, content, tool calls, usage and cost', () => {
    const a = responseAttributes('chat', completion, 'gpt-4o', capture());
    assert.equal(a['llm.response_id'], 'chatcmpl-1');
    assert.equal(a['llm.response_model'], 'gpt-4o-2024-08-06');
    assert.equal(a['llm.finish_reason'], 'stop');
    assert.equal(a['llm.response'], 'Hello');
    assert.equal(a['llm.tool_calls'], '[{"id":"c1","name":"f","arguments":"{}"}]');
    assert.equal(a['llm.input_tokens'], 1000);
    assert.equal(a['llm.output_tokens'], 100);
    assert.equal(a['llm.total_tokens'], 1100);
    assert.equal(a['llm.cached_tokens'], 200);
    assert.equal(a['llm.reasoning_tokens'], 30);
    // 800 × 2.5 + 200 × 1.25 = 2250 → $0.00225; 100 × 10 = 1000 → $0.001
    assert.equal(a['llm.cost.input'], 0.00225);
    assert.equal(a['llm.cost.output'], 0.001);
    assert.equal(a['llm.cost.total'], 0.00325);
    assert.equal(a['llm.cost.currency'], 'USD');
  });
  it('captures no output when captureOutputs is false, but keeps usage', () => {
    const a = responseAttributes('chat', completion, 'gpt-4o', capture({ captureOutputs: false }));
    assert.equal(a['llm.response'], undefined);
    assert.equal(a['llm.tool_calls'], undefined);
    assert.equal(a['llm.input_tokens'], 1000);
  });
  it('writes no cost attributes for an unknown model', () => {
    const a = responseAttributes('chat', { ...completion, model: 'local-llama' }, 'local-llama', capture());
    assert.equal(a['llm.cost.total'], undefined);
  });
  it('reads Responses API usage and function calls', () => {
    const a = responseAttributes(
      'responses',
      {
        id: 'resp_1',
        model: 'gpt-4o',
        status: 'completed',
        output: [{ type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' }],
        usage: { input_tokens: 5, output_tokens: 7, total_tokens: 12, input_tokens_details: { cached_tokens: 1 } },
      },
      'gpt-4o',
      capture()
    );
    assert.equal(a['llm.finish_reason'], 'completed');
    assert.equal(a['llm.input_tokens'], 5);
    assert.equal(a['llm.cached_tokens'], 1);
    assert.match(String(a['llm.tool_calls']), /get_weather/);
  });
  it('normalizes missing usage to undefined', () => {
    assert.equal(normalizeUsage(null), undefined);
  });
});
