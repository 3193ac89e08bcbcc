/**
 * `TracedOpenAIClient` / `traceOpenAI`: trace one OpenAI client instance without patching
 * anything global, through the shared traced-client factory.
 */
import { traceClient, tracedClientClass } from '../genai/traced-client.js';
import { OPENAI_METHODS } from './constants.js';
import { wrapOpenAIMethod } from './index.js';
import type { OpenAIInstrumentationConfig } from './types.js';

/**
 * Wraps an existing OpenAI client so its calls are traced. The result is a view of the same
 * client: `instanceof OpenAI` holds, untraced members work, and traced calls return the SDK's
 * own `APIPromise` / `Stream`.
 *
 * @param client - an `OpenAI` (or `AzureOpenAI`) instance
 * @param config - capture options for this client
 * @returns the traced view, typed as the client
 * @example
 * ```ts
 * const openai = traceOpenAI(new OpenAI());
 * const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
 * ```
 */
export function traceOpenAI<T extends object>(client: T, config?: OpenAIInstrumentationConfig): T {
  return traceClient(client, OPENAI_METHODS, wrapOpenAIMethod, config, 'traceOpenAI');
}

/**
 * Class form of {@link traceOpenAI}: `new TracedOpenAIClient(client, config?)` returns the traced
 * view, so `instanceof OpenAI` holds for the result.
 *
 * @example
 * ```ts
 * const traced = new TracedOpenAIClient(new OpenAI(), { captureInputs: false });
 * traced instanceof OpenAI; // true
 * ```
 */
export const TracedOpenAIClient = tracedClientClass<OpenAIInstrumentationConfig>('TracedOpenAIClient', traceOpenAI);
