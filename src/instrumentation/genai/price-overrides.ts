/**
 * Prices the user adds or corrects with `setModelPrices()`, checked before the built-in table.
 * Shared through globalThis, so prices set through the ESM build also apply to the CommonJS one.
 */
import { quote, warnOnce } from '../../diag/diag.js';
import { incrementCounter, reportInternalError } from '../../diag/internal-errors.js';
import { getGlobal } from '../../internal/global.js';
import type { ModelPriceUsdPer1MTokens } from './prices-usd-per-1m-tokens.js';

/**
 * A model's price for {@link setModelPrices}, in USD per 1M tokens. `cacheRead` (prompt tokens
 * served from the provider's cache) and `cacheWrite` (prompt tokens written to it; `cacheWrite1h`
 * for Anthropic's one-hour writes) default to `input`.
 */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly cacheWrite1h?: number;
}

const FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;
const REQUIRED = new Set<string>(['input', 'output']);

const overrides = getGlobal('model-price-overrides', () => new Map<string, ModelPriceUsdPer1MTokens>());

/** The user's price for `model` (an exact model id), if any. */
export function findPriceOverride(model: string): ModelPriceUsdPer1MTokens | undefined {
  return overrides.size === 0 ? undefined : overrides.get(model);
}

function warnBad(model: string, detail: string): void {
  incrementCounter('misuseWarnings');
  warnOnce(
    `model-price-${model}-${detail}`,
    `setModelPrices: ${quote(model, 80)} ${detail}; that model keeps its built-in price (or none)`
  );
}

/** The table form of one entry, or undefined (with one warning) when a value is not a price. */
function toTablePrice(model: string, value: unknown): ModelPriceUsdPer1MTokens | undefined {
  if (typeof value !== 'object' || value === null) {
    warnBad(model, `must be { input, output } in USD per 1M tokens, got ${quote(value, 40)}`);
    return undefined;
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      warnBad(model, `has an unknown field ${quote(key, 40)} (known: ${FIELDS.join(', ')})`);
      return undefined;
    }
  }
  for (const field of FIELDS) {
    const n = v[field];
    if (n === undefined && !REQUIRED.has(field)) continue;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      warnBad(model, `.${field} must be a number >= 0 (USD per 1M tokens), got ${quote(n, 40)}`);
      return undefined;
    }
  }
  const p = v as unknown as ModelPrice;
  const price: { -readonly [K in keyof ModelPriceUsdPer1MTokens]: ModelPriceUsdPer1MTokens[K] } = {
    input: p.input,
    output: p.output,
  };
  if (p.cacheRead !== undefined) price.cachedInput = p.cacheRead;
  if (p.cacheWrite !== undefined) price.cacheWrite = p.cacheWrite;
  if (p.cacheWrite1h !== undefined) price.cacheWrite1h = p.cacheWrite1h;
  return price;
}

/**
 * Adds or overrides model prices (USD per 1M tokens) used for `llm.cost.*`, keyed by model id as
 * the provider reports it (`gpt-4o`, `gemini-2.5-flash`, `amazon.nova-pro`, `mistral-large-latest`);
 * dated snapshots and Bedrock region/version forms of an id find it too. Later calls add to
 * earlier ones; `setModelPrices(null)` removes every override. A bad entry is skipped with one
 * warning naming the model and field. Never throws.
 *
 * @param prices - model id → price, or null to clear
 * @example
 * ```ts
 * setModelPrices({
 *   'my-fine-tuned-model': { input: 0.5, output: 1.5 },
 *   'gpt-4o': { input: 2, output: 8, cacheRead: 1 }, // a negotiated rate
 * });
 * ```
 */
export function setModelPrices(prices: Readonly<Record<string, ModelPrice>> | null): void {
  try {
    if (prices === null) {
      overrides.clear();
      return;
    }
    if (typeof prices !== 'object' || Array.isArray(prices)) {
      incrementCounter('misuseWarnings');
      warnOnce(
        'model-prices-not-an-object',
        `setModelPrices: expected an object such as { 'model-id': { input: 1, output: 2 } }, got ${quote(prices, 40)}; no price was changed`
      );
      return;
    }
    for (const model of Object.keys(prices)) {
      const price = toTablePrice(model, (prices as Record<string, unknown>)[model]);
      if (price !== undefined) overrides.set(model, price);
    }
  } catch (error) {
    // A revoked proxy or a throwing getter instead of a plain object.
    reportInternalError('setModelPrices', error);
  }
}
