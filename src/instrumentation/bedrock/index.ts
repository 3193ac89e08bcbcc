/**
 * The Amazon Bedrock Runtime integration: `send()` of `BedrockRuntimeClient` is patched once and
 * dispatches on the command (Converse, ConverseStream, InvokeModel,
 * InvokeModelWithResponseStream); every other command, and the callback form of `send`, pass
 * through untraced. Streamed outputs are observed in place (`output.stream` / `output.body`).
 */
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_LLM_METHOD, ATTR_LLM_REQUEST_ID } from '../../core/semconv.js';
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
import type { AttributeBag } from '../genai/usage.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import {
  BEDROCK_METHOD_ALIASES,
  BEDROCK_METHODS,
  BEDROCK_PROVIDER,
  BEDROCK_SUPPORTED_VERSIONS,
  type BedrockCommandKind,
} from './constants.js';
import type { ConverseOutput } from './internal-types.js';
import { parseBody, summarizeNative } from './native.js';
import { createBedrockStreamObserver } from './streaming.js';
import { commandKind, requestAttributes, summarizeConverse } from './utils.js';

interface PreparedCall {
  readonly llm: LlmCall;
  readonly kind: BedrockCommandKind;
  readonly requestModel: string | undefined;
  readonly capture: CallCapture;
  readonly signal: AbortSignalLike | undefined;
}

function prepareCall(path: string, args: unknown[], settings: LiveSettings): PreparedCall | undefined {
  const capture = callCapture(settings);
  if (capture === undefined) return undefined;
  // The callback form hands the result to the callback, not to a promise we could observe.
  if (typeof args[1] === 'function' || typeof args[2] === 'function') return undefined;
  const kind = commandKind(args[0]);
  if (kind === undefined) return undefined;
  const input = (args[0] as { input?: unknown }).input;
  const attrs = requestAttributes(kind, input, capture);
  attrs[ATTR_LLM_METHOD] = path;
  const requestModel = str((input as { modelId?: unknown } | undefined)?.modelId);
  const llm = startLlmCall(llmSpanName('chat', requestModel), attrs, { stream: kind.stream });
  if (llm === undefined) return undefined;
  const signal = (args[1] as { abortSignal?: AbortSignalLike } | undefined)?.abortSignal;
  return { llm, kind, requestModel, capture, signal };
}

function metaAttributes(output: ConverseOutput): AttributeBag {
  return {
    [ATTR_LLM_REQUEST_ID]: str(output.$metadata?.requestId),
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: output.$metadata?.httpStatusCode,
  };
}

function finishOutput(call: PreparedCall, value: unknown): void {
  const output = (typeof value === 'object' && value !== null ? value : {}) as ConverseOutput;
  const meta = metaAttributes(output);
  const { api, stream } = call.kind;
  if (stream) {
    const events = api === 'converse' ? output.stream : output.body;
    const observer = createBedrockStreamObserver(api, call.llm, call.requestModel, call.capture, meta);
    observeAsyncIterable(events, observer, call.signal);
    return;
  }
  const summary = api === 'converse' ? summarizeConverse(output) : summarizeNative(parseBody(output.body));
  finishLlmCall(call.llm, resultAttributes(BEDROCK_PROVIDER, summary, call.requestModel, call.capture, meta));
}

/** AWS errors carry their HTTP status and request id in `$metadata`. */
function failCall(call: PreparedCall, error: unknown): void {
  const meta = (error as { $metadata?: { httpStatusCode?: unknown; requestId?: unknown } } | null)?.$metadata;
  // Written first: failLlmCall's own error attributes would replace a status given with them.
  setCallAttributes(call.llm, {
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: meta?.httpStatusCode,
    [ATTR_LLM_REQUEST_ID]: str(meta?.requestId),
  });
  failLlmCall(call.llm, error);
}

function observeCall(call: PreparedCall, result: unknown): void {
  observeApiPromise(result, {
    onParsed: (value) => finishOutput(call, value),
    onError: (error) => failCall(call, error),
    onRawResponse: () => undefined,
  });
}

/** Builds the traced replacement of `send` (the shared wrapper shape of genai/traced-method). */
export function wrapBedrockMethod(
  original: AnyFunction,
  path: string,
  _spec: MethodSpec,
  settings: LiveSettings
): AnyFunction {
  return createTracedMethod<PreparedCall>(original, {
    where: `bedrock.${path}`,
    start: (_this, args) => prepareCall(path, args, settings),
    observe: observeCall,
    fail: failCall,
  });
}

/** The module (CJS `module.exports` or ESM namespace) when it exports `BedrockRuntimeClient`. */
export function resolveBedrockRoot(moduleExports: unknown): object | undefined {
  const m = moduleExports as Record<string, unknown> | null | undefined;
  try {
    for (const candidate of [m, m?.['default'] as Record<string, unknown> | undefined]) {
      const client = candidate?.['BedrockRuntimeClient'] as unknown;
      const proto = (client as { prototype?: { send?: unknown } } | undefined)?.prototype;
      if (typeof client === 'function' && typeof proto?.send === 'function') return candidate as object;
    }
  } catch {
    // A getter that throws is a shape we do not know: leave that copy untraced.
  }
  return undefined;
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const BEDROCK_DEFINITION: LibraryDefinition = {
  name: 'bedrock',
  moduleNames: ['@aws-sdk/client-bedrock-runtime'],
  supportedVersions: BEDROCK_SUPPORTED_VERSIONS,
  methods: BEDROCK_METHODS,
  aliases: BEDROCK_METHOD_ALIASES,
  resolveRoot: resolveBedrockRoot,
  wrap: wrapBedrockMethod,
};
