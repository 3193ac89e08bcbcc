/**
 * Model prices as data. The unit is in the name on purpose: USD per one million tokens
 * (a per-1K table read as per-1M is off by 1000×). Update from the providers' price pages;
 * a model missing here gets no cost attribute rather than a guessed one.
 */

/** Price of one model, in USD per 1M tokens. `cachedInput` defaults to `input`. */
export interface ModelPriceUsdPer1MTokens {
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
}

/** Standard-tier list prices, USD per 1M tokens, keyed by provider then model id. */
export const PRICES_USD_PER_1M_TOKENS: Readonly<Record<string, Readonly<Record<string, ModelPriceUsdPer1MTokens>>>> = {
  openai: {
    'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
    'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
    'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
    'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
    'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
    'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
    'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
    'gpt-4-turbo': { input: 10, output: 30 },
    'gpt-4': { input: 30, output: 60 },
    'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
    'gpt-3.5-turbo-instruct': { input: 1.5, output: 2 },
    o1: { input: 15, output: 60, cachedInput: 7.5 },
    'o1-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
    o3: { input: 2, output: 8, cachedInput: 0.5 },
    'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
    'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
    'text-embedding-3-small': { input: 0.02, output: 0 },
    'text-embedding-3-large': { input: 0.13, output: 0 },
    'text-embedding-ada-002': { input: 0.1, output: 0 },
    'gpt-image-1': { input: 5, output: 40, cachedInput: 1.25 },
  },
};

// Dated snapshots ("gpt-4o-2024-08-06", "gpt-4-0613") cost what their base model costs.
const SNAPSHOT_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{4})$/;

/** The price of `model` from `provider`, trying the exact id, then the id without a snapshot date. */
export function findModelPrice(provider: string, model: string | undefined): ModelPriceUsdPer1MTokens | undefined {
  if (model === undefined || model === '') return undefined;
  const table = PRICES_USD_PER_1M_TOKENS[provider];
  if (table === undefined) return undefined;
  if (Object.hasOwn(table, model)) return table[model];
  const base = model.replace(SNAPSHOT_SUFFIX, '');
  return base !== model && Object.hasOwn(table, base) ? table[base] : undefined;
}

/** Token counts for a cost estimate; `cached` is the part of `input` served from cache. */
export interface TokenCounts {
  readonly input?: number | undefined;
  readonly output?: number | undefined;
  readonly cached?: number | undefined;
}

/** Cost in USD, or undefined for an unknown model. Rounded to 1e-10 so float noise is not reported. */
export function estimateCostUsd(
  provider: string,
  model: string | undefined,
  tokens: TokenCounts
): { input: number; output: number; total: number } | undefined {
  const price = findModelPrice(provider, model);
  if (price === undefined) return undefined;
  const inputTokens = tokens.input ?? 0;
  const cached = Math.min(tokens.cached ?? 0, inputTokens);
  const input = ((inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input)) / 1_000_000;
  const output = ((tokens.output ?? 0) * price.output) / 1_000_000;
  const round = (n: number): number => Math.round(n * 1e10) / 1e10;
  return { input: round(input), output: round(output), total: round(input + output) };
}
