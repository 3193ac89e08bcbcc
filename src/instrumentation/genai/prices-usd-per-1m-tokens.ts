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

/** A price without cache rates. */
function flat(input: number, output: number): ModelPriceUsdPer1MTokens {
  return { input, output };
}

/** A price with a cache-read rate (Gemini context caching, Amazon Nova prompt caching). */
function cached(input: number, output: number, cachedInput: number): ModelPriceUsdPer1MTokens {
  return { input, output, cachedInput };
}

/**
 * Standard-tier list prices, USD per 1M tokens, keyed by provider (`llm.provider`) then model id.
 * Gemini (`gcp.gemini`): the Gemini Developer API prices for prompts up to 200K tokens (longer
 * prompts cost more and are not modelled). Bedrock (`aws.bedrock`): on-demand prices in
 * us-east-1, keyed by Bedrock's model ids without the region prefix (`us.`, `eu.`, `global.`) and
 * version suffix (`-v1:0`); Anthropic models cost what they cost at Anthropic. Mistral
 * (`mistral_ai`): La Plateforme prices (no cache pricing). Gemini, Bedrock and Mistral prices were
 * checked against the providers' price pages and price trackers on 2026-11-29.
 */
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
  'gcp.gemini': {
    'gemini-3-pro-preview': cached(2, 12, 0.2),
    'gemini-3-flash-preview': cached(0.5, 3, 0.05),
    'gemini-2.5-pro': cached(1.25, 10, 0.125),
    'gemini-2.5-flash': cached(0.3, 2.5, 0.03),
    'gemini-2.5-flash-lite': cached(0.1, 0.4, 0.01),
    'gemini-2.0-flash': cached(0.1, 0.4, 0.025),
    'gemini-2.0-flash-lite': flat(0.075, 0.3),
    'gemini-embedding-001': flat(0.15, 0),
  },
  'aws.bedrock': {
    'anthropic.claude-opus-4-5': anthropic(5, 25),
    'anthropic.claude-opus-4-1': anthropic(15, 75),
    'anthropic.claude-opus-4': anthropic(15, 75),
    'anthropic.claude-sonnet-4-5': anthropic(3, 15),
    'anthropic.claude-sonnet-4': anthropic(3, 15),
    'anthropic.claude-3-7-sonnet': anthropic(3, 15),
    'anthropic.claude-3-5-sonnet': anthropic(3, 15),
    'anthropic.claude-haiku-4-5': anthropic(1, 5),
    'anthropic.claude-3-5-haiku': anthropic(0.8, 4),
    'anthropic.claude-3-haiku': anthropic(0.25, 1.25),
    'amazon.nova-premier': flat(2.5, 12.5),
    'amazon.nova-pro': cached(0.8, 3.2, 0.2),
    'amazon.nova-lite': cached(0.06, 0.24, 0.015),
    'amazon.nova-micro': cached(0.035, 0.14, 0.00875),
    'meta.llama4-maverick-17b-instruct': flat(0.24, 0.97),
    'meta.llama4-scout-17b-instruct': flat(0.17, 0.66),
    'meta.llama3-3-70b-instruct': flat(0.72, 0.72),
    'meta.llama3-1-70b-instruct': flat(0.72, 0.72),
    'meta.llama3-1-8b-instruct': flat(0.22, 0.22),
    'mistral.pixtral-large-2502': flat(2, 6),
    'mistral.mistral-large-2407': flat(2, 6),
    'mistral.mistral-large-2402': flat(4, 12),
    'mistral.mistral-small-2402': flat(1, 3),
    'mistral.mixtral-8x7b-instruct': flat(0.45, 0.7),
    'mistral.mistral-7b-instruct': flat(0.15, 0.2),
  },
  mistral_ai: {
    'mistral-large': flat(0.5, 1.5),
    'mistral-large-2512': flat(0.5, 1.5),
    'mistral-large-2411': flat(2, 6),
    'mistral-medium': flat(0.4, 2),
    'mistral-small': flat(0.1, 0.3),
    'magistral-medium': flat(2, 5),
    'magistral-small': flat(0.5, 1.5),
    'devstral-medium': flat(0.4, 2),
    'devstral-small': flat(0.1, 0.3),
    codestral: flat(0.3, 0.9),
    'pixtral-large': flat(2, 6),
    'ministral-8b': flat(0.1, 0.1),
    'ministral-3b': flat(0.04, 0.04),
    'open-mistral-nemo': flat(0.15, 0.15),
    'mistral-embed': flat(0.1, 0),
  },
};
