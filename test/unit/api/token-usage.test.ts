import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractTokenUsage } from '../../../src/api/helpers.js';
import { readTokenUsage } from '../../../src/api/token-usage.js';

describe('readTokenUsage', () => {
  it('reads OpenAI chat usage with cached and reasoning details', () => {
    const usage = readTokenUsage({
      prompt_tokens: 10,
      completion_tokens: 4,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 6 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    assert.deepEqual(usage, { input: 10, output: 4, total: 14, cached: 6, reasoning: 2 });
  });

  it('counts Anthropic cache reads and writes into the input total', () => {
    const usage = readTokenUsage({
      input_tokens: 5,
      output_tokens: 7,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 20,
    });
    assert.deepEqual(usage, {
      input: 125,
      output: 7,
      total: 132,
      cached: 100,
      cacheCreation: 20,
      cacheCreation1h: undefined,
      reasoning: undefined,
    });
  });

  it('reads the one-hour part of Anthropic cache writes', () => {
    const usage = readTokenUsage({
      input_tokens: 5,
      output_tokens: 7,
      cache_creation_input_tokens: 30,
      cache_creation: { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 20 },
    });
    assert.equal(usage?.input, 35);
    assert.equal(usage?.cacheCreation, 30);
    assert.equal(usage?.cacheCreation1h, 20);
  });

  it('returns undefined for a missing usage object', () => {
    assert.equal(readTokenUsage(undefined), undefined);
    assert.equal(readTokenUsage('12'), undefined);
  });
});

describe('extractTokenUsage', () => {
  it('gives the same Anthropic input total as the instrumentations', () => {
    const attrs = extractTokenUsage({ usage: { input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 100 } });
    assert.deepEqual(attrs, { 'llm.input_tokens': 105, 'llm.output_tokens': 7, 'llm.total_tokens': 112 });
  });
});
