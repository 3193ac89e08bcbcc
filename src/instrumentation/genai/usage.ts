/**
 * Usage counts and cost estimate as span attributes, for every GenAI instrumentation. The usage
 * itself is parsed by `readTokenUsage` (shared with `extractTokenUsage`).
 */
import { totalTokens, type TokenUsage } from '../../api/token-usage.js';
import {
  ATTR_LLM_CACHE_CREATION_TOKENS,
  ATTR_LLM_CACHED_TOKENS,
  ATTR_LLM_COST_CURRENCY,
  ATTR_LLM_COST_INPUT,
  ATTR_LLM_COST_OUTPUT,
  ATTR_LLM_COST_TOTAL,
  ATTR_LLM_INPUT_TOKENS,
  ATTR_LLM_OUTPUT_TOKENS,
  ATTR_LLM_REASONING_TOKENS,
  ATTR_LLM_TOTAL_TOKENS,
} from '../../core/semconv.js';
import { estimateCostUsd } from './prices.js';

export { readTokenUsage } from '../../api/token-usage.js';

/** Token usage in provider-neutral terms. */
export type NormalizedUsage = TokenUsage;

/** Attributes being built for one span; undefined values are skipped when written. */
export type AttributeBag = Record<string, unknown>;

/**
 * Usage counts plus the cost estimate (no cost attributes for a model missing from the price
 * table), written into `into` (returned), so the response path builds one bag, not several.
 */
export function usageAttributes(
  provider: string,
  model: string | undefined,
  usage: NormalizedUsage | undefined,
  into: AttributeBag = {}
): AttributeBag {
  if (usage === undefined) return into;
  into[ATTR_LLM_INPUT_TOKENS] = usage.input;
  into[ATTR_LLM_OUTPUT_TOKENS] = usage.output;
  into[ATTR_LLM_TOTAL_TOKENS] = totalTokens(usage);
  into[ATTR_LLM_CACHED_TOKENS] = usage.cached;
  into[ATTR_LLM_CACHE_CREATION_TOKENS] = usage.cacheCreation;
  into[ATTR_LLM_REASONING_TOKENS] = usage.reasoning;
  const cost = estimateCostUsd(provider, model, usage);
  if (cost !== undefined) {
    into[ATTR_LLM_COST_INPUT] = cost.input;
    into[ATTR_LLM_COST_OUTPUT] = cost.output;
    into[ATTR_LLM_COST_TOTAL] = cost.total;
    into[ATTR_LLM_COST_CURRENCY] = 'USD';
  }
  return into;
}
