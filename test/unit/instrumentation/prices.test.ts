import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  estimateCostUsd,
  findModelPrice,
  PRICES_USD_PER_1M_TOKENS,
} from '../../../src/instrumentation/genai/prices.js';

describe('PRICES_USD_PER_1M_TOKENS', () => {
  it('prices gpt-4o-mini at $0.15 input and $0.60 output per million tokens', () => {
    assert.deepEqual(estimateCostUsd('openai', 'gpt-4o-mini', { input: 1_000_000, output: 1_000_000 }), {
      input: 0.15,
      output: 0.6,
      total: 0.75,
    });
    assert.equal(PRICES_USD_PER_1M_TOKENS.openai?.['gpt-4o-mini']?.input, 0.15);
  });
  it('prices a dated snapshot as its base model', () => {
    assert.equal(findModelPrice('openai', 'gpt-4o-2024-08-06'), findModelPrice('openai', 'gpt-4o'));
    assert.equal(findModelPrice('openai', 'gpt-4-0613'), findModelPrice('openai', 'gpt-4'));
  });
  it('charges cached input tokens at the cached rate', () => {
    // 1000 input of which 400 cached: 600 × 2.5 + 400 × 1.25 = 2000 per 1M → $0.002
    assert.equal(estimateCostUsd('openai', 'gpt-4o', { input: 1000, cached: 400, output: 0 })?.input, 0.002);
  });
  it('prices Anthropic cache reads at 0.1x, five-minute writes at 1.25x and one-hour writes at 2x', () => {
    // claude-sonnet-4-5 is $3 input per 1M: 1M plain + 1M read + 1M 5-min write + 1M 1-hour write
    const cost = estimateCostUsd('anthropic', 'claude-sonnet-4-5-20250929', {
      input: 4_000_000,
      cached: 1_000_000,
      cacheCreation: 2_000_000,
      cacheCreation1h: 1_000_000,
      output: 1_000_000,
    });
    assert.deepEqual(cost, { input: 3 + 0.3 + 3.75 + 6, output: 15, total: 28.05 });
    assert.equal(findModelPrice('anthropic', 'claude-3-5-haiku-latest')?.input, 0.8);
  });
  it('returns no cost for an unknown model or provider', () => {
    assert.equal(estimateCostUsd('openai', 'my-finetune', { input: 10, output: 10 }), undefined);
    assert.equal(estimateCostUsd('nobody', 'gpt-4o', { input: 10 }), undefined);
    assert.equal(findModelPrice('openai', 'constructor'), undefined);
  });
});

describe('findModelPrice with many models', () => {
  it('prices the same model the same way before and after its lookup keys were remembered or dropped', () => {
    const first = findModelPrice('openai', 'gpt-4o-2024-08-06');
    // More distinct models than the remembered keys hold: the memory is cleared on the way.
    for (let i = 0; i < 600; i++) assert.equal(findModelPrice('openai', `made-up-model-${i}-2024-01-01`), undefined);
    assert.equal(findModelPrice('openai', 'gpt-4o-2024-08-06'), first);
    assert.equal(findModelPrice('openai', 'gpt-4o-2024-08-06'), findModelPrice('openai', 'gpt-4o'));
  });
});
