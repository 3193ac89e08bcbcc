/**
 * Token usage read from an LLM response body, in provider-neutral terms. One parser for the
 * shapes the SDKs return (OpenAI Chat/Completions, OpenAI Responses, Anthropic Messages), shared
 * by `extractTokenUsage` and every GenAI instrumentation so the two never disagree.
 */
import { finiteNumber as num } from '../internal/read-value.js';

/** Token counts of one call. `input` is the whole prompt, cache reads and writes included. */
export interface TokenUsage {
  readonly input?: number | undefined;
  readonly output?: number | undefined;
  readonly total?: number | undefined;
  /** Prompt tokens served from the provider's cache (part of `input`). */
  readonly cached?: number | undefined;
  /** Prompt tokens written to the provider's cache (part of `input`; Anthropic). */
  readonly cacheCreation?: number | undefined;
  /** The part of `cacheCreation` written with a one-hour lifetime (priced higher than five minutes). */
  readonly cacheCreation1h?: number | undefined;
  readonly reasoning?: number | undefined;
}

type Details = { readonly cached_tokens?: unknown; readonly reasoning_tokens?: unknown } | null | undefined;

/**
 * Parses a `usage` object. Anthropic's `input_tokens` excludes cache reads and writes, so its
 * input is the three summed (as the SDK's own telemetry reports it); OpenAI's already includes them.
 *
 * @param usage - the `usage` field of a response body
 * @returns the counts, or undefined when `usage` is not an object
 */
export function readTokenUsage(usage: unknown): TokenUsage | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  const cacheRead = num(u['cache_read_input_tokens']);
  const cacheCreation = num(u['cache_creation_input_tokens']);
  const output = num(u['completion_tokens']) ?? num(u['output_tokens']);
  const reasoning =
    num((u['completion_tokens_details'] as Details)?.reasoning_tokens) ??
    num((u['output_tokens_details'] as Details)?.reasoning_tokens);
  if (cacheRead !== undefined || cacheCreation !== undefined) {
    const raw = num(u['input_tokens']);
    const input = raw === undefined ? undefined : raw + (cacheRead ?? 0) + (cacheCreation ?? 0);
    const ttl = u['cache_creation'] as { readonly ephemeral_1h_input_tokens?: unknown } | null | undefined;
    const cacheCreation1h = num(ttl?.ephemeral_1h_input_tokens);
    return { input, output, total: sum(input, output), cached: cacheRead, cacheCreation, cacheCreation1h, reasoning };
  }
  return {
    input: num(u['prompt_tokens']) ?? num(u['input_tokens']),
    output,
    total: num(u['total_tokens']),
    cached:
      num((u['prompt_tokens_details'] as Details)?.cached_tokens) ??
      num((u['input_tokens_details'] as Details)?.cached_tokens),
    reasoning,
  };
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined || b !== undefined ? (a ?? 0) + (b ?? 0) : undefined;
}

/** `total` as reported, or input + output when the provider does not report it. */
export function totalTokens(usage: TokenUsage): number | undefined {
  return usage.total ?? sum(usage.input, usage.output);
}
