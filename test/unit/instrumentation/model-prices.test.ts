/**
 * Prices of the Gemini, Bedrock and Mistral models (USD per 1M tokens), the id forms Bedrock uses,
 * and `setModelPrices()`: user prices win, apply to snapshot forms, bad values warn once each.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setModelPrices } from '../../../src/instrumentation/genai/price-overrides.js';
import { estimateCostUsd, findModelPrice } from '../../../src/instrumentation/genai/prices.js';
import { captureDiag } from '../../helpers/tracing.js';

const M = 1_000_000;

describe('provider prices', () => {
  it('prices gemini-2.5-flash at $0.30 in, $2.50 out and $0.03 for cached input per 1M tokens', () => {
    assert.deepEqual(estimateCostUsd('gcp.gemini', 'gemini-2.5-flash', { input: 2 * M, cached: M, output: M }), {
      input: 0.33,
      output: 2.5,
      total: 2.83,
    });
  });
  it('finds Bedrock model ids with a region prefix, a version suffix and a date', () => {
    const nova = findModelPrice('aws.bedrock', 'amazon.nova-pro');
    assert.equal(nova?.input, 0.8);
    assert.equal(findModelPrice('aws.bedrock', 'us.amazon.nova-pro-v1:0'), nova);
    assert.equal(findModelPrice('aws.bedrock', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0')?.output, 15);
    assert.equal(findModelPrice('aws.bedrock', 'meta.llama3-3-70b-instruct-v1:0')?.input, 0.72);
    assert.equal(findModelPrice('aws.bedrock', 'mistral.mistral-large-2407-v1:0')?.output, 6);
  });
  it('prices Mistral aliases and dated versions', () => {
    assert.equal(findModelPrice('mistral_ai', 'mistral-small-latest')?.output, 0.3);
    assert.equal(findModelPrice('mistral_ai', 'mistral-small-2506')?.input, 0.1);
    assert.equal(findModelPrice('mistral_ai', 'mistral-large-2411')?.input, 2, 'an older version keeps its own price');
  });
});

describe('setModelPrices()', () => {
  afterEach(() => setModelPrices(null));

  it('adds a model and overrides a built-in price, for every provider and snapshot form', () => {
    setModelPrices({ 'my-model': { input: 1, output: 2 }, 'gpt-4o': { input: 2, output: 8, cacheRead: 1 } });
    assert.deepEqual(estimateCostUsd('anything', 'my-model', { input: M, output: M }), {
      input: 1,
      output: 2,
      total: 3,
    });
    assert.equal(estimateCostUsd('openai', 'gpt-4o-2024-08-06', { input: M, cached: M, output: 0 })?.input, 1);
    setModelPrices(null);
    assert.equal(findModelPrice('openai', 'gpt-4o')?.input, 2.5, 'null restores the built-in table');
  });
  it('skips a bad entry with one warning naming the model and field, and keeps the good ones', () => {
    const diag = captureDiag();
    try {
      const bad = { 'good-model': { input: 1, output: 1 }, 'bad-model': { input: -1, output: 1 } };
      setModelPrices(bad);
      setModelPrices(bad);
      setModelPrices({ typo: { input: 1, output: 1, cachedRead: 1 } as never });
      setModelPrices('gpt-4o' as never);
    } finally {
      diag.restore();
    }
    assert.equal(findModelPrice('x', 'good-model')?.input, 1);
    assert.equal(findModelPrice('x', 'bad-model'), undefined);
    assert.equal(findModelPrice('x', 'typo'), undefined);
    const warnings = diag.lines.filter((l) => l.includes('setModelPrices'));
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings[0]!, /"bad-model" \.input must be a number >= 0 \(USD per 1M tokens\), got -1/);
    assert.match(warnings[1]!, /unknown field "cachedRead"/);
    assert.match(warnings[2]!, /expected an object/);
  });
});
