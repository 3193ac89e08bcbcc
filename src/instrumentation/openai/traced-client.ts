/**
 * `TracedOpenAIClient` / `traceOpenAI`: trace one OpenAI client instance without patching
 * anything global, through the generic client view in src/proxy.
 */
import { quote, warnOnce } from '../../diag/diag.js';
import { incrementCounter } from '../../diag/internal-errors.js';
import { createClientView, type TracedMethods } from '../../proxy/client-view.js';
import { prepareCaptureConfig } from '../genai/capture.js';
import type { LiveSettings } from '../types.js';
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
  try {
    const settings: LiveSettings = { enabled: true, capture: prepareCaptureConfig(config) };
    const traced: Record<string, TracedMethods[string]> = {};
    for (const [path, spec] of Object.entries(OPENAI_METHODS)) {
      traced[path] = (original) => wrapOpenAIMethod(original, path, spec, settings);
    }
    return createClientView(client, traced);
  } catch {
    // Not an object, or a client or config that cannot be read (a revoked proxy): the client is returned untouched.
    incrementCounter('misuseWarnings');
    warnOnce(
      'trace-openai-unusable',
      `traceOpenAI: expected an OpenAI client instance, got ${quote(client, 40)} (or one that cannot be read); returned it untraced`
    );
    return client;
  }
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
export const TracedOpenAIClient = function TracedOpenAIClient<T extends object>(
  client: T,
  config?: OpenAIInstrumentationConfig
): T {
  return traceOpenAI(client, config);
} as unknown as new <T extends object>(client: T, config?: OpenAIInstrumentationConfig) => T;
