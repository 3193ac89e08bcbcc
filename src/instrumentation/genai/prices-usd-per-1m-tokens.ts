/**
 * The price table, as data only: standard-tier list prices in USD per one million tokens. The
 * unit is in every name on purpose (a per-1K table read as per-1M is off by 1000x). Update it
 * from the providers' price pages; a model missing here gets no cost attribute rather than a
 * guessed one. The lookup and arithmetic live in prices.ts.
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
