import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallCapture } from '../../../src/instrumentation/genai/capture.js';
import {
  mapAttributes,
  normalizeProvider,
  spanName,
  spanRole,
  stepUsage,
} from '../../../src/instrumentation/vercel-ai/utils.js';

const CAPTURE: CallCapture = {
  inputs: true,
  outputs: true,
  maxInputLength: 1000,
  maxOutputLength: 1000,
  redact: undefined,
};
const NO_CAPTURE: CallCapture = { ...CAPTURE, inputs: false, outputs: false };

describe('vercel-ai utils', () => {
  it('normalises the provider to the part before the dot (openai.chat → openai)', () => {
    assert.equal(normalizeProvider('openai.chat'), 'openai');
    assert.equal(normalizeProvider('openai.responses'), 'openai');
    assert.equal(normalizeProvider('anthropic.messages'), 'anthropic');
    assert.equal(normalizeProvider('mistral'), 'mistral');
    assert.equal(normalizeProvider(undefined), undefined);
  });

  it('maps span names to roles: steps are LLM spans, toolCall a tool, the rest operations', () => {
    assert.deepEqual(spanRole('ai.generateText.doGenerate'), {
      type: 'llm',
      kind: 'client',
      operation: 'chat',
      stream: false,
    });
    assert.equal(spanRole('ai.streamText.doStream').stream, true);
    assert.equal(spanRole('ai.embedMany.doEmbed').operation, 'embeddings');
    assert.equal(spanRole('ai.toolCall').type, 'tool');
    assert.equal(spanRole('ai.generateText').type, 'operation');
  });

  it('reads v6 and v5 usage keys', () => {
    assert.deepEqual(
      stepUsage({ 'ai.usage.inputTokens': 3, 'ai.usage.outputTokens': 2, 'ai.usage.cachedInputTokens': 1 }),
      {
        input: 3,
        output: 2,
        cached: 1,
        cacheCreation: undefined,
        reasoning: undefined,
      }
    );
    assert.equal(stepUsage({ 'ai.usage.promptTokens': 4, 'ai.usage.completionTokens': 5 })?.output, 5);
    assert.equal(stepUsage({}), undefined);
  });

  it('keeps an operation span’s aggregated usage under ai.total_usage.*, never as LLM usage', () => {
    const a = mapAttributes(
      spanRole('ai.generateText'),
      { 'ai.usage.inputTokens': 10, 'ai.model.provider': 'openai.chat' },
      CAPTURE
    );
    assert.equal(a['ai.total_usage.inputTokens'], 10);
    assert.equal(a['llm.input_tokens'], undefined);
    assert.equal(a['llm.provider'], 'openai');
  });

  it('writes usage, cost and finish reason on a step; content only when captured', () => {
    const attrs = {
      'ai.model.provider': 'openai.chat',
      'ai.model.id': 'gpt-4o-mini',
      'ai.usage.inputTokens': 1000,
      'ai.usage.outputTokens': 100,
      'ai.response.finishReason': 'stop',
      'ai.prompt.messages': '[{"role":"user"}]',
      'ai.response.text': 'hi',
    };
    const on = mapAttributes(spanRole('ai.generateText.doGenerate'), attrs, CAPTURE);
    assert.equal(on['llm.input_tokens'], 1000);
    assert.equal(on['llm.finish_reason'], 'stop');
    assert.equal(typeof on['llm.cost.total'], 'number');
    assert.equal(on['llm.response'], 'hi');
    const off = mapAttributes(spanRole('ai.generateText.doGenerate'), attrs, NO_CAPTURE);
    assert.equal(off['llm.messages'], undefined);
    assert.equal(off['llm.response'], undefined);
    assert.equal(off['llm.input_tokens'], 1000);
  });

  it('names spans after the model, the tool or the function id', () => {
    assert.equal(
      spanName('ai.streamText.doStream', spanRole('ai.streamText.doStream'), { 'ai.model.id': 'gpt-4o' }),
      'chat gpt-4o'
    );
    assert.equal(spanName('ai.toolCall', spanRole('ai.toolCall'), { 'ai.toolCall.name': 'search' }), 'tool search');
    assert.equal(
      spanName('ai.generateText', spanRole('ai.generateText'), { 'ai.telemetry.functionId': 'chat' }),
      'ai.generateText chat'
    );
  });
});
