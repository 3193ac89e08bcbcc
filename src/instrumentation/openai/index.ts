/**
 * The OpenAI integration: a library definition for the generic patcher and hooks, and what the
 * shared wrapper does for an OpenAI method (prototype patch and `TracedOpenAIClient` alike):
 * map the request, then observe the returned `APIPromise` (and the `Stream` it resolves to).
 */
import { ATTR_LLM_METHOD } from '../../core/semconv.js';
import { observeApiPromise, type ResponseLike } from '../../proxy/preserve-api-promise.js';
import { isSdkStream, observeStream } from '../../proxy/preserve-stream.js';
import type { CallCapture } from '../genai/capture.js';
import { resolveClientClass } from '../genai/client-class.js';
import { callCapture, failLlmCall, finishLlmCall, startLlmCall, type LlmCall } from '../genai/llm-call.js';
import { responseMetaAttributes } from '../genai/result.js';
import { createTracedMethod, type AnyFunction } from '../genai/traced-method.js';
import type { AttributeBag } from '../genai/usage.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import { OPENAI_METHOD_ALIASES, OPENAI_METHODS, OPENAI_SUPPORTED_VERSIONS, type OpenAIOperation } from './constants.js';
import { createStreamObserver } from './streaming.js';
import { requestAttributes, responseAttributes, spanName } from './utils.js';

interface PreparedCall {
  readonly llm: LlmCall;
  readonly operation: OpenAIOperation;
  readonly requestModel: string | undefined;
  readonly capture: CallCapture;
}

function prepareCall(
  path: string,
  operation: OpenAIOperation,
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
  const llm = startLlmCall(spanName(operation, params.model), attrs, { stream: params.stream === true });
  if (llm === undefined) return undefined;
  return { llm, operation, requestModel: typeof params.model === 'string' ? params.model : undefined, capture };
}

function responseMeta(response: ResponseLike | undefined, parsed?: unknown): AttributeBag {
  return responseMetaAttributes(response, 'x-request-id', parsed);
}

function observeCall(call: PreparedCall, result: unknown): void {
  observeApiPromise(result, {
    onParsed(value, response) {
      const meta = responseMeta(response, value);
      if (isSdkStream(value)) {
        observeStream(value, createStreamObserver(call.llm, call.operation, call.requestModel, call.capture, meta));
        return;
      }
      finishLlmCall(call.llm, responseAttributes(call.operation, value, call.requestModel, call.capture, meta));
    },
    onError: (error) => failLlmCall(call.llm, error),
    onRawResponse: (response) => finishLlmCall(call.llm, responseMeta(response)),
  });
}

/** Builds the traced replacement of one OpenAI method (the shared wrapper shape of genai/traced-method). */
export function wrapOpenAIMethod(
  original: AnyFunction,
  path: string,
  spec: MethodSpec,
  settings: LiveSettings
): AnyFunction {
  const operation = spec.operation as OpenAIOperation;
  return createTracedMethod<PreparedCall>(original, {
    where: `openai.${path}`,
    start: (_this, args) => prepareCall(path, operation, args, settings),
    span: (call) => call.llm.span,
    observe: observeCall,
    fail: (call, error) => failLlmCall(call.llm, error),
  });
}

/** The `OpenAI` client class from the module's exports (CJS `module.exports`, ESM namespace or the class itself). */
export function resolveOpenAIClass(moduleExports: unknown): object | undefined {
  return resolveClientClass(moduleExports, 'OpenAI', 'Chat');
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const OPENAI_DEFINITION: LibraryDefinition = {
  name: 'openai',
  moduleNames: ['openai'],
  supportedVersions: OPENAI_SUPPORTED_VERSIONS,
  methods: OPENAI_METHODS,
  aliases: OPENAI_METHOD_ALIASES,
  resolveRoot: resolveOpenAIClass,
  wrap: wrapOpenAIMethod,
};
