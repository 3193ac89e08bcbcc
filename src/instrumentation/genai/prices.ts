/**
 * Cost estimates from the price table in prices-usd-per-1m-tokens.ts (USD per 1M tokens).
 * A model missing from the table gets no cost rather than a guessed one.
 */
import { findPriceOverride } from './price-overrides.js';
import { PRICES_USD_PER_1M_TOKENS, type ModelPriceUsdPer1MTokens } from './prices-usd-per-1m-tokens.js';

export { PRICES_USD_PER_1M_TOKENS };
export type { ModelPriceUsdPer1MTokens };

// Dated snapshots ("gpt-4o-2024-08-06", "gpt-4-0613", "claude-sonnet-4-5-20250929") and moving
// aliases ("claude-3-5-haiku-latest") cost what their base model costs.
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

// Bedrock names a model `us.amazon.nova-pro-v1:0`: a cross-region inference prefix and a version
// suffix around the id the price table uses (`amazon.nova-pro`).
const BEDROCK_REGION_PREFIX = /^(?:us|eu|apac|global|us-gov|jp|au|ca)\.(?=[a-z0-9-]+\.)/;
const BEDROCK_VERSION_SUFFIX = /-v\d+(?::\d+)?$/;

// The keys of the models seen last: an app calls a handful of models, and three regular
// expressions per call were a visible part of a call's own cost. Cleared when it fills up.
const MAX_REMEMBERED_MODELS = 256;
const rememberedKeys = new Map<string, readonly string[]>();

/** The ids `model` may be priced under, most specific first. */
function priceKeys(model: string): readonly string[] {
  let keys = rememberedKeys.get(model);
  if (keys === undefined) {
    if (rememberedKeys.size >= MAX_REMEMBERED_MODELS) rememberedKeys.clear();
    keys = computePriceKeys(model);
    rememberedKeys.set(model, keys);
  }
  return keys;
}

function computePriceKeys(model: string): string[] {
  const keys = [model];
  const bare = model.replace(BEDROCK_REGION_PREFIX, '').replace(BEDROCK_VERSION_SUFFIX, '');
  if (bare !== model) keys.push(bare);
  const base = bare.replace(SNAPSHOT_SUFFIX, '');
  if (base !== bare) keys.push(base);
  return keys;
}

/**
 * The price of `model` from `provider`: the user's price (`setModelPrices`) or the table's, trying
 * the exact id, then the id without a Bedrock region prefix and version, then without a snapshot date.
 */
export function findModelPrice(provider: string, model: string | undefined): ModelPriceUsdPer1MTokens | undefined {
  if (model === undefined || model === '') return undefined;
  const table = PRICES_USD_PER_1M_TOKENS[provider];
  for (const key of priceKeys(model)) {
    const found = findPriceOverride(key) ?? (table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Token counts for a cost estimate. `cached` (cache reads) and `cacheCreation` (cache writes, of
 * which `cacheCreation1h` had a one-hour lifetime) are parts of `input`.
 */
export interface TokenCounts {
  readonly input?: number | undefined;
  readonly output?: number | undefined;
  readonly cached?: number | undefined;
  readonly cacheCreation?: number | undefined;
  readonly cacheCreation1h?: number | undefined;
}

/** Input cost in USD-per-1M units: plain input, cache reads and both kinds of cache writes. */
function inputCost(price: ModelPriceUsdPer1MTokens, tokens: TokenCounts): number {
  const input = tokens.input ?? 0;
  const cached = Math.min(tokens.cached ?? 0, input);
  const written = Math.min(tokens.cacheCreation ?? 0, input - cached);
  const written1h = Math.min(tokens.cacheCreation1h ?? 0, written);
  return (
    (input - cached - written) * price.input +
    cached * (price.cachedInput ?? price.input) +
    (written - written1h) * (price.cacheWrite ?? price.input) +
    written1h * (price.cacheWrite1h ?? price.cacheWrite ?? price.input)
  );
}

/** Cost in USD, or undefined for an unknown model. Rounded to 1e-10 so float noise is not reported. */
export function estimateCostUsd(
  provider: string,
  model: string | undefined,
  tokens: TokenCounts
): { input: number; output: number; total: number } | undefined {
  const price = findModelPrice(provider, model);
  if (price === undefined) return undefined;
  const input = inputCost(price, tokens) / 1_000_000;
  const output = ((tokens.output ?? 0) * price.output) / 1_000_000;
  const round = (n: number): number => Math.round(n * 1e10) / 1e10;
  return { input: round(input), output: round(output), total: round(input + output) };
}
