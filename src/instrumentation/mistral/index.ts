/**
 * The Mistral (`@mistralai/mistralai` 2.x, ESM-only) integration. The resource classes are not
 * exported by the SDK's main entry, so the hooked modules are the `./sdk/chat.js` and
 * `./sdk/embeddings.js` subpaths, whose `Chat` and `Embeddings` prototypes are patched.
 * `instrument({ mistral })` also takes a client instance (`new Mistral()`), read for its classes.
 */
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_LLM_METHOD } from '../../core/semconv.js';
import { stringValue as str } from '../../internal/read-value.js';
import { observeApiPromise } from '../../proxy/preserve-api-promise.js';
import { observeAsyncIterable, type AbortSignalLike } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import {
  callCapture,
  failLlmCall,
  finishLlmCall,
  setCallAttributes,
  startLlmCall,
  type LlmCall,
} from '../genai/llm-call.js';
import { llmSpanName, resultAttributes } from '../genai/result.js';
import { createTracedMethod, type AnyFunction } from '../genai/traced-method.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import {
  MISTRAL_METHODS,
  MISTRAL_CLASS_MODULES,
  MISTRAL_MODULES,
  MISTRAL_PROVIDER,
  MISTRAL_STREAM_METHODS,
  MISTRAL_SUPPORTED_VERSIONS,
  type MistralOperation,
} from './constants.js';
import { createChatStreamObserver } from './streaming.js';
import { requestAttributes, summarizeChat, summarizeEmbeddings } from './utils.js';

interface PreparedCall {
  readonly llm: LlmCall;
  readonly operation: MistralOperation;
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
  const operation = spec.operation as MistralOperation;
  const stream = MISTRAL_STREAM_METHODS.has(path);
  const params = args[0] as { model?: unknown } | undefined;
  const attrs = requestAttributes(operation, params, stream, capture);
  attrs[ATTR_LLM_METHOD] = path;
  const requestModel = str(params?.model);
  const llm = startLlmCall(llmSpanName(operation, requestModel), attrs, { stream });
  if (llm === undefined) return undefined;
  const options = args[1] as { signal?: AbortSignalLike; fetchOptions?: { signal?: AbortSignalLike } } | undefined;
  const signal = options?.signal ?? options?.fetchOptions?.signal;
  return { llm, operation, stream, requestModel, capture, signal };
}

function finishValue(call: PreparedCall, value: unknown): void {
  if (call.stream) {
    observeAsyncIterable(value, createChatStreamObserver(call.llm, call.requestModel, call.capture, {}), call.signal);
    return;
  }
  const summary = call.operation === 'embeddings' ? summarizeEmbeddings(value) : summarizeChat(value);
  finishLlmCall(call.llm, resultAttributes(MISTRAL_PROVIDER, summary, call.requestModel, call.capture));
}

/** Mistral's errors carry the HTTP status as `statusCode`. */
function failCall(call: PreparedCall, error: unknown): void {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  // Written first: failLlmCall's own error attributes would replace a status given with them.
  setCallAttributes(call.llm, { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
  failLlmCall(call.llm, error);
}

function observeCall(call: PreparedCall, result: unknown): void {
  observeApiPromise(result, {
    onParsed: (value) => finishValue(call, value),
    onError: (error) => failCall(call, error),
    onRawResponse: () => undefined,
  });
}

/** Builds the traced replacement of one Mistral method (the shared wrapper shape of genai/traced-method). */
export function wrapMistralMethod(
  original: AnyFunction,
  path: string,
  spec: MethodSpec,
  settings: LiveSettings
): AnyFunction {
  return createTracedMethod<PreparedCall>(original, {
    where: `mistral.${path}`,
    start: (_this, args) => prepareCall(path, spec, args, settings),
    observe: observeCall,
    fail: failCall,
  });
}

/** A class found at `key` of `value`, if it is one with a prototype. */
function hasKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && key in value;
}

function classAt(value: unknown, key: string): unknown {
  const c = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof c === 'function' && typeof (c as { prototype?: unknown }).prototype === 'object' ? c : undefined;
}

/**
 * The object the registry's owners (`Chat`, `Embeddings`) are read from: a subpath module's
 * namespace, `{ Chat, Embeddings }`, or a `Mistral` client instance (its `chat` and `embeddings`
 * resources name their classes through `constructor`).
 */
export function resolveMistralRoot(moduleExports: unknown): object | undefined {
  try {
    const root: Record<string, unknown> = {};
    // From the hooks: `{ [class module name]: its namespace }` (see `siblingModules`).
    const sources = MISTRAL_CLASS_MODULES.some((name) => hasKey(moduleExports, name))
      ? MISTRAL_CLASS_MODULES.map((name) => (moduleExports as Record<string, unknown>)[name])
      : [moduleExports];
    for (const key of ['Chat', 'Embeddings']) {
      for (const source of sources) root[key] ??= classAt(source, key);
      if (root[key] === undefined) delete root[key];
    }
    const client = moduleExports as { chat?: { constructor?: unknown }; embeddings?: { constructor?: unknown } };
    if (root['Chat'] === undefined && typeof client?.chat === 'object') root['Chat'] = client.chat?.constructor;
    if (root['Embeddings'] === undefined && typeof client?.embeddings === 'object')
      root['Embeddings'] = client.embeddings?.constructor;
    const chat = root['Chat'] as { prototype?: { complete?: unknown } } | undefined;
    const embeddings = root['Embeddings'] as { prototype?: { create?: unknown } } | undefined;
    if (typeof chat?.prototype?.complete === 'function' || typeof embeddings?.prototype?.create === 'function')
      return root;
  } catch {
    // A getter that throws is a shape we do not know: leave that copy untraced.
  }
  return undefined;
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const MISTRAL_DEFINITION: LibraryDefinition = {
  name: 'mistral',
  moduleNames: MISTRAL_MODULES,
  siblingModules: MISTRAL_CLASS_MODULES,
  supportedVersions: MISTRAL_SUPPORTED_VERSIONS,
  methods: MISTRAL_METHODS,
  aliases: {},
  resolveRoot: resolveMistralRoot,
  wrap: wrapMistralMethod,
};
