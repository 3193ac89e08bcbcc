/**
 * The price table, as data only: standard-tier list prices in USD per one million tokens. The
 * unit is in every name on purpose (a per-1K table read as per-1M is off by 1000x). Update it
 * from the providers' price pages; a model missing here gets no cost attribute rather than a
 * guessed one. The lookup and arithmetic live in prices.ts.
 */

/**
 * Price of one model, in USD per 1M tokens. `cachedInput` (cache reads) defaults to `input`;
 * `cacheWrite` (a five-minute cache write) and `cacheWrite1h` (a one-hour one) default to `input`.
 */
export interface ModelPriceUsdPer1MTokens {
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
  readonly cacheWrite?: number;
  readonly cacheWrite1h?: number;
}

/**
 * An Anthropic price: cache reads cost 0.1x the input price, five-minute cache writes 1.25x and
 * one-hour writes 2x (Anthropic's published multipliers, the same for every model).
 */
function anthropic(input: number, output: number): ModelPriceUsdPer1MTokens {
  return { input, output, cachedInput: input * 0.1, cacheWrite: input * 1.25, cacheWrite1h: input * 2 };
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
  anthropic: {
    'claude-opus-4-6': anthropic(5, 25),
    'claude-opus-4-5': anthropic(5, 25),
    'claude-opus-4-1': anthropic(15, 75),
    'claude-opus-4-0': anthropic(15, 75),
    'claude-opus-4': anthropic(15, 75),
    'claude-sonnet-4-6': anthropic(3, 15),
    'claude-sonnet-4-5': anthropic(3, 15),
    'claude-sonnet-4-0': anthropic(3, 15),
    'claude-sonnet-4': anthropic(3, 15),
    'claude-3-7-sonnet': anthropic(3, 15),
    'claude-3-5-sonnet': anthropic(3, 15),
    'claude-haiku-4-5': anthropic(1, 5),
    'claude-3-5-haiku': anthropic(0.8, 4),
    'claude-3-haiku': anthropic(0.25, 1.25),
    'claude-3-opus': anthropic(15, 75),
  },
};
