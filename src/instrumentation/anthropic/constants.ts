import type { MethodRegistry } from '../types.js';

/**
 * @anthropic-ai/sdk versions whose shape this integration knows: `Anthropic.Messages` and
 * `Anthropic.Beta.Messages` as static classes with `create` (an `APIPromise` whose instance
 * `parseResponse` is observed) and `countTokens`, and a `Stream` with `iterator` and
 * `controller`; read in the SDK's source at 0.40.0 (`parse()` arrived later and is traced
 * where present). Tested with 1.x and 0.137.
 */
export const ANTHROPIC_SUPPORTED_VERSIONS = '>=0.40.0 <2';

export const ANTHROPIC_PROVIDER = 'anthropic';

/** The header Anthropic puts its request id in (not `x-request-id`). */
export const ANTHROPIC_REQUEST_ID_HEADER = 'request-id';

/** Operations, as written to `llm.operation` and the span name. */
export type AnthropicOperation = 'chat' | 'count_tokens';

/**
 * Patchable methods. `owner` walks static class references from the `Anthropic` class
 * (`Anthropic.Beta.Messages`), and the method is replaced on that class's prototype.
 */
export const ANTHROPIC_METHODS = {
  'messages.create': { owner: ['Messages'], method: 'create', operation: 'chat' },
  'messages.countTokens': { owner: ['Messages'], method: 'countTokens', operation: 'count_tokens' },
  'beta.messages.create': { owner: ['Beta', 'Messages'], method: 'create', operation: 'chat' },
  'beta.messages.countTokens': { owner: ['Beta', 'Messages'], method: 'countTokens', operation: 'count_tokens' },
} as const satisfies MethodRegistry<AnthropicOperation>;

/** The SDK's helpers call `create` on the same resource, so tracing `create` traces them once. */
export const ANTHROPIC_METHOD_ALIASES: Readonly<Record<string, keyof typeof ANTHROPIC_METHODS>> = {
  'messages.stream': 'messages.create',
  'messages.parse': 'messages.create',
  'beta.messages.stream': 'beta.messages.create',
  'beta.messages.parse': 'beta.messages.create',
};
