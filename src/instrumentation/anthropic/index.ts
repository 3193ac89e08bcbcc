/**
 * The Anthropic integration: a library definition for the generic patcher and hooks, the traced
 * client view (`traceAnthropic` / `TracedAnthropicClient`), and what the shared wrapper does for
 * an Anthropic method: map the request, then observe the returned `APIPromise` (and the `Stream`
 * it resolves to). `messages.stream()` and `parse()` call `create` on the same resource, so
 * they are traced once, through it.
 */
import { ATTR_LLM_METHOD } from '../../core/semconv.js';
import { observeApiPromise, type ResponseLike } from '../../proxy/preserve-api-promise.js';
import { isSdkStream, observeStream } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import { resolveClientClass } from '../genai/client-class.js';
import {
  callCapture,
  failLlmCall,
  finishLlmCall,
  startLlmCall,
  startOperationCall,
  type LlmCall,
} from '../genai/llm-call.js';
import { responseMetaAttributes, resultAttributes } from '../genai/result.js';
import { traceClient, tracedClientClass } from '../genai/traced-client.js';
import { createTracedMethod, type AnyFunction } from '../genai/traced-method.js';
import type { AttributeBag } from '../genai/usage.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import {
  ANTHROPIC_METHOD_ALIASES,
  ANTHROPIC_METHODS,
  ANTHROPIC_PROVIDER,
  ANTHROPIC_REQUEST_ID_HEADER,
  ANTHROPIC_SUPPORTED_VERSIONS,
  type AnthropicOperation,
} from './constants.js';
import { foldLibrarySpan } from '../genai/otel-fold.js';
import { createMessageStreamObserver } from './streaming.js';
import type { AnthropicInstrumentationConfig } from './types.js';
import { countTokensAttributes, requestAttributes, spanName, summarizeMessage } from './utils.js';

interface PreparedCall {
  readonly llm: LlmCall;
  readonly operation: AnthropicOperation;
  readonly requestModel: string | undefined;
  readonly capture: CallCapture;
}

function prepareCall(
  path: string,
  operation: AnthropicOperation,
  args: unknown[],
  settings: LiveSettings
): PreparedCall | undefined {
  const capture = callCapture(settings);
  if (capture === undefined) return undefined;
  const params = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as {
    model?: unknown;
    stream?: unknown;
  };
  const attrs = requestAttributes(operation, params, capture);
  attrs[ATTR_LLM_METHOD] = path;
  const name = spanName(operation, params.model);
  const llm =
    operation === 'count_tokens'
      ? startOperationCall(name, attrs)
      : startLlmCall(name, attrs, { stream: params.stream === true });
  if (llm === undefined) return undefined;
  // The SDK's own call span, started by a helper (`messages.stream()`) before this method ran.
  foldLibrarySpan(() => sdkCallSpan(args[1]), llm.span);
  return { llm, operation, requestModel: typeof params.model === 'string' ? params.model : undefined, capture };
}

/** The OpenTelemetry span the SDK passes down in the request options (`__span`, since 0.134), if any. */
function sdkCallSpan(options: unknown): unknown {
  if (options === null || typeof options !== 'object') return undefined;
  const call = (options as { __span?: unknown }).__span;
  return call !== null && typeof call === 'object' ? (call as { span?: unknown }).span : undefined;
}

function responseMeta(response: ResponseLike | undefined): AttributeBag {
  return responseMetaAttributes(response, ANTHROPIC_REQUEST_ID_HEADER);
}

function finishParsed(call: PreparedCall, value: unknown, meta: AttributeBag): void {
  if (call.operation === 'count_tokens') {
    finishLlmCall(call.llm, Object.assign(meta, countTokensAttributes(value)));
    return;
  }
  if (isSdkStream(value)) {
    observeStream(value, createMessageStreamObserver(call.llm, call.requestModel, call.capture, meta));
    return;
  }
  const summary = summarizeMessage(value);
  finishLlmCall(call.llm, resultAttributes(ANTHROPIC_PROVIDER, summary, call.requestModel, call.capture, meta));
}

function observeCall(call: PreparedCall, result: unknown): void {
  observeApiPromise(result, {
    onParsed: (value, response) => finishParsed(call, value, responseMeta(response)),
    onError: (error) => failLlmCall(call.llm, error),
    onRawResponse: (response) => finishLlmCall(call.llm, responseMeta(response)),
  });
}

/** Builds the traced replacement of one Anthropic method (the shared wrapper shape of genai/traced-method). */
export function wrapAnthropicMethod(
  original: AnyFunction,
  path: string,
  spec: MethodSpec,
  settings: LiveSettings
): AnyFunction {
  const operation = spec.operation as AnthropicOperation;
  return createTracedMethod<PreparedCall>(original, {
    where: `anthropic.${path}`,
    start: (_this, args) => prepareCall(path, operation, args, settings),
    span: (call) => call.llm.span,
    observe: observeCall,
    fail: (call, error) => failLlmCall(call.llm, error),
  });
}

/** The `Anthropic` client class from the module's exports (CJS `module.exports`, ESM namespace or the class itself). */
export function resolveAnthropicClass(moduleExports: unknown): object | undefined {
  return resolveClientClass(moduleExports, 'Anthropic', 'Messages');
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const ANTHROPIC_DEFINITION: LibraryDefinition = {
  name: 'anthropic',
  moduleNames: ['@anthropic-ai/sdk'],
  supportedVersions: ANTHROPIC_SUPPORTED_VERSIONS,
  methods: ANTHROPIC_METHODS,
  aliases: ANTHROPIC_METHOD_ALIASES,
  resolveRoot: resolveAnthropicClass,
  wrap: wrapAnthropicMethod,
};

/**
 * Wraps an existing Anthropic client so its calls are traced. The result is a view of the same
 * client: `instanceof Anthropic` holds, untraced members work, and traced calls return the SDK's
 * own `APIPromise` / `Stream`.
 *
 * @param client - an `Anthropic` instance
 * @param config - capture options for this client
 * @returns the traced view, typed as the client
 * @example
 * ```ts
 * const anthropic = traceAnthropic(new Anthropic());
 * const msg = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256, messages });
 * ```
 */
export function traceAnthropic<T extends object>(client: T, config?: AnthropicInstrumentationConfig): T {
  return traceClient(client, ANTHROPIC_METHODS, wrapAnthropicMethod, config, 'traceAnthropic');
}

/**
 * Class form of {@link traceAnthropic}: `new TracedAnthropicClient(client, config?)` returns the
 * traced view, so `instanceof Anthropic` holds for the result.
 *
 * @example
 * ```ts
 * const traced = new TracedAnthropicClient(new Anthropic(), { captureInputs: false });
 * traced instanceof Anthropic; // true
 * ```
 */
export const TracedAnthropicClient = tracedClientClass<AnthropicInstrumentationConfig>(
  'TracedAnthropicClient',
  traceAnthropic
);
