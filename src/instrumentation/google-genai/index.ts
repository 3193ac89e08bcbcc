/**
 * The Google GenAI (`@google/genai`) integration: a library definition for the generic patcher
 * and hooks. `Models` assigns its methods per instance in the constructor, so they are wrapped
 * as each client builds its `models` (the `instance` patch kind). Chats send through the same
 * `models`, so `chat.sendMessage()` is traced once, with the history it sent.
 */
import { ATTR_LLM_METHOD } from '../../core/semconv.js';
import { observeApiPromise } from '../../proxy/preserve-api-promise.js';
import { observeAsyncIterable, type AbortSignalLike } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import { callCapture, failLlmCall, finishLlmCall, startLlmCall, type LlmCall } from '../genai/llm-call.js';
import { llmSpanName, resultAttributes } from '../genai/result.js';
import { createTracedMethod, type AnyFunction } from '../genai/traced-method.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import {
  GOOGLE_GENAI_METHOD_ALIASES,
  GOOGLE_GENAI_METHODS,
  GOOGLE_GENAI_PROVIDER,
  GOOGLE_GENAI_SUPPORTED_VERSIONS,
  type GoogleGenAIOperation,
} from './constants.js';
import type { GeminiRequestParams } from './internal-types.js';
import { createContentStreamObserver } from './streaming.js';
import { embeddingAttributes, modelId, requestAttributes, summarizeResponse } from './utils.js';

interface PreparedCall {
  readonly llm: LlmCall;
  readonly operation: GoogleGenAIOperation;
  readonly stream: boolean;
  readonly requestModel: string | undefined;
  readonly capture: CallCapture;
  readonly signal: AbortSignalLike | undefined;
}

function prepareCall(
  path: string,
  spec: MethodSpec,
  args: unknown[],
  settings: LiveSettings
): PreparedCall | undefined {
  const capture = callCapture(settings);
  if (capture === undefined) return undefined;
  const params = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as GeminiRequestParams;
  const operation = spec.operation as GoogleGenAIOperation;
  const stream = path === 'models.generateContentStream';
  const attrs = requestAttributes(operation, params, stream, capture);
  attrs[ATTR_LLM_METHOD] = path;
  const requestModel = modelId(params.model);
  const llm = startLlmCall(llmSpanName(operation, requestModel), attrs, { stream });
  if (llm === undefined) return undefined;
  const signal = params.config?.abortSignal as AbortSignalLike | undefined;
  return { llm, operation, stream, requestModel, capture, signal };
}

function finishValue(call: PreparedCall, value: unknown): void {
  if (call.operation === 'embeddings') {
    finishLlmCall(call.llm, embeddingAttributes(value));
  } else if (call.stream) {
    const observer = createContentStreamObserver(call.llm, call.requestModel, call.capture, {});
    observeAsyncIterable(value, observer, call.signal);
  } else {
    const summary = summarizeResponse(value);
    finishLlmCall(call.llm, resultAttributes(GOOGLE_GENAI_PROVIDER, summary, call.requestModel, call.capture));
  }
}

function observeCall(call: PreparedCall, result: unknown): void {
  // A plain promise: observed on a side chain, before the caller's own reaction runs.
  observeApiPromise(result, {
    onParsed: (value) => finishValue(call, value),
    onError: (error) => failLlmCall(call.llm, error),
    onRawResponse: () => undefined,
  });
}

/** Builds the traced replacement of one `Models` method (the shared wrapper shape of genai/traced-method). */
export function wrapGoogleGenAIMethod(
  original: AnyFunction,
  path: string,
  spec: MethodSpec,
  settings: LiveSettings
): AnyFunction {
  return createTracedMethod<PreparedCall>(original, {
    where: `google-genai.${path}`,
    start: (_this, args) => prepareCall(path, spec, args, settings),
    observe: observeCall,
    fail: (call, error) => failLlmCall(call.llm, error),
  });
}

/** The module (CJS `module.exports` or ESM namespace) when it exports the `Models` class. */
export function resolveGoogleGenAIRoot(moduleExports: unknown): object | undefined {
  const m = moduleExports as Record<string, unknown> | null | undefined;
  try {
    for (const candidate of [m, m?.['default'] as Record<string, unknown> | undefined]) {
      if (typeof candidate?.['Models'] === 'function' && typeof candidate['GoogleGenAI'] === 'function')
        return candidate;
    }
  } catch {
    // A getter that throws is a shape we do not know: leave that copy untraced.
  }
  return undefined;
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const GOOGLE_GENAI_DEFINITION: LibraryDefinition = {
  name: 'google-genai',
  moduleNames: ['@google/genai'],
  supportedVersions: GOOGLE_GENAI_SUPPORTED_VERSIONS,
  methods: GOOGLE_GENAI_METHODS,
  aliases: GOOGLE_GENAI_METHOD_ALIASES,
  resolveRoot: resolveGoogleGenAIRoot,
  wrap: wrapGoogleGenAIMethod,
};
