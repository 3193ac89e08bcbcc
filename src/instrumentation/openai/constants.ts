import type { MethodRegistry } from '../types.js';

/** openai versions whose shape this integration knows; tested with 6.x and 7.x. */
export const OPENAI_SUPPORTED_VERSIONS = '>=5.0.0 <8';

export const OPENAI_PROVIDER = 'openai';

/** Operations, as written to `llm.operation` and the span name. */
export type OpenAIOperation = 'chat' | 'responses' | 'embeddings' | 'images' | 'completions';

/**
 * Patchable methods. `owner` walks static class references from the `OpenAI` class
 * (`OpenAI.Chat.Completions`), and the method is replaced on that class's prototype, so
 * every client instance, existing or future, is covered.
 */
export const OPENAI_METHODS = {
  'chat.completions.create': { owner: ['Chat', 'Completions'], method: 'create', operation: 'chat' },
  'responses.create': { owner: ['Responses'], method: 'create', operation: 'responses' },
  'embeddings.create': { owner: ['Embeddings'], method: 'create', operation: 'embeddings' },
  'images.generate': { owner: ['Images'], method: 'generate', operation: 'images' },
  'completions.create': { owner: ['Completions'], method: 'create', operation: 'completions' },
} as const satisfies MethodRegistry<OpenAIOperation>;

/** The SDK's helpers call `create` through the client, so tracing `create` traces them once. */
export const OPENAI_METHOD_ALIASES: Readonly<Record<string, keyof typeof OPENAI_METHODS>> = {
  'chat.completions.parse': 'chat.completions.create',
  'chat.completions.stream': 'chat.completions.create',
  'chat.completions.runTools': 'chat.completions.create',
  'responses.parse': 'responses.create',
  'responses.stream': 'responses.create',
};
