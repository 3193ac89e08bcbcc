/**
 * `NoveumCallbackHandler`: a LangChain callback handler that turns runs into spans. LangChain
 * takes any object with a string `name` as a handler as it is (`ensureHandler`), so this class
 * needs nothing from `@langchain/core` (a plain class's methods would be lost by
 * `BaseCallbackHandler.fromMethods`, which copies own properties only).
 *
 * `awaitHandlers: true`: otherwise LangChain runs callbacks later from a background queue, after
 * the caller's `await` and outside its context, so spans would end late and nest wrongly.
 */
import { getClient } from '../../api/client.js';
import { isTracingSuppressed } from '../../context/active-span.js';
import {
  ATTR_LANGCHAIN_INPUT,
  ATTR_LANGCHAIN_OUTPUT,
  ATTR_LANGCHAIN_RUN_TYPE,
  ATTR_LANGGRAPH_NODE,
  ATTR_LLM_MODEL,
  ATTR_LLM_PROVIDER,
  ATTR_NOVEUM_SPAN_TYPE,
  ATTR_RETRIEVAL_QUERY,
  ATTR_RETRIEVAL_SOURCE,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_NAME,
  ATTR_TOOL_OUTPUT,
} from '../../core/semconv.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import {
  deferCapture,
  prepareCaptureConfig,
  resolveCallCapture,
  type CallCapture,
  type PreparedCaptureConfig,
} from '../genai/capture.js';
import { llmSpanName, resultAttributes } from '../genai/result.js';
import type { AttributeBag } from '../genai/usage.js';
import { HIDDEN_TAG } from './constants.js';
import type { Span } from '../../core/types.js';
import type { LlmResultLike, SerializedLike } from './internal-types.js';
import { attributeOf, endRunSpan, setDefined } from './span-ops.js';
import {
  adoptActiveSpan,
  getRun,
  holdModelInput,
  isLentSpan,
  parentSpanOf,
  recordRun,
  releaseModelInput,
  takeRun,
  type RunKind,
} from './runs.js';
import type { NoveumCallbackHandlerOptions } from './types.js';
import {
  documentsAttributes,
  messagesAttribute,
  modelRequestAttributes,
  plainRunValue,
  promptsAttribute,
  runNameOf,
  summarizeLlmResult,
  toolOutputOf,
} from './utils.js';

/** Marks our handlers (any copy of this SDK), so the injected one is never added twice. */
export const HANDLER_MARK = Symbol.for('noveum-trace.langchain-handler');

/** What a handler reads at call time (the live settings of `autoInstrument`, or its own). */
export interface HandlerSettings {
  readonly enabled: boolean;
  readonly capture: PreparedCaptureConfig;
}

/** The handler's own capture options; unreadable options (a hostile proxy) fall back to the defaults. */
function preparedOptions(options: NoveumCallbackHandlerOptions | undefined): PreparedCaptureConfig {
  try {
    return prepareCaptureConfig(options);
  } catch (error) {
    reportInternalError('langchain.NoveumCallbackHandler', error);
    return prepareCaptureConfig(undefined);
  }
}

/**
 * Traces LangChain and LangGraph runs passed through `callbacks`: one span per chain, model,
 * tool and retriever run, nested by LangChain's parent run ids under the caller's active span.
 * `autoInstrument('langchain')` adds one to every run by itself; use this class when you pass
 * callbacks explicitly (for example in a bundled app).
 *
 * @example
 * ```ts
 * import { NoveumCallbackHandler } from 'noveum-trace';
 * const handler = new NoveumCallbackHandler({ traceChains: true });
 * await chain.invoke({ topic: 'bears' }, { callbacks: [handler] });
 * ```
 */
export class NoveumCallbackHandler {
  /** LangChain uses a handler with a `name` as it is. */
  readonly name = 'noveum_trace';
  /** Callbacks run before LangChain continues, in the caller's context. */
  readonly awaitHandlers = true;
  readonly raiseError = false;
  private readonly _settings: HandlerSettings;

  constructor(options?: NoveumCallbackHandlerOptions, settings?: HandlerSettings) {
    this._settings = settings ?? { enabled: true, capture: preparedOptions(options) };
    Object.defineProperty(this, HANDLER_MARK, { value: true });
  }

  /** LangChain copies handlers for child runs in some paths: the same instance serves them. */
  copy(): this {
    return this;
  }

  private _capture(): CallCapture | undefined {
    const client = getClient();
    if (!this._settings.enabled || !client.isEnabled || isTracingSuppressed()) return undefined;
    return resolveCallCapture(this._settings.capture, client.capture);
  }

  /** Opens (or adopts) the span of a run and records it; returns the adopted span, if any. */
  private _start(
    kind: RunKind,
    runId: unknown,
    parentRunId: unknown,
    name: string,
    attrs: AttributeBag
  ): Span | undefined {
    if (typeof runId !== 'string') return undefined;
    const adopted = kind === 'chain' ? undefined : adoptActiveSpan(kind);
    if (adopted !== undefined) {
      const lent = isLentSpan(adopted);
      if (!lent) adopted.updateName(name);
      setDefined(adopted, attrs, lent);
      recordRun(runId, { span: adopted, ownsSpan: false, traced: true, kind });
      return adopted;
    }
    const parent = parentSpanOf(parentRunId);
    const spanKind = kind === 'llm' ? 'client' : 'internal';
    const span = getClient().startSpan(name, parent === undefined ? { kind: spanKind } : { parent, kind: spanKind });
    if (!span.isRecording()) {
      recordRun(runId, { span: parent, ownsSpan: false, traced: false, kind });
      return undefined;
    }
    setDefined(span, attrs);
    recordRun(runId, { span, ownsSpan: true, traced: true, kind });
    return undefined;
  }

  private _guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportInternalError(`langchain.${where}`, error);
    }
  }

  handleChainStart(
    chain: SerializedLike,
    inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string
  ): void {
    this._guard('handleChainStart', () => {
      const capture = this._capture();
      if (capture === undefined) return;
      const hidden = Array.isArray(tags) && tags.includes(HIDDEN_TAG);
      if (hidden || this._settings.capture.config.traceChains === false) {
        // Not traced: its children nest under the nearest traced ancestor.
        recordRun(runId, { span: parentSpanOf(parentRunId), ownsSpan: false, traced: false, kind: 'chain' });
        return;
      }
      const name = runNameOf(chain, runName, 'chain');
      const node = metadata?.['langgraph_node'];
      this._start('chain', runId, parentRunId, name, {
        [ATTR_NOVEUM_SPAN_TYPE]: 'operation',
        [ATTR_LANGCHAIN_RUN_TYPE]: 'chain',
        [ATTR_LANGGRAPH_NODE]: node === name ? node : undefined,
        [ATTR_LANGCHAIN_INPUT]: capture.inputs
          ? deferCapture(plainRunValue(inputs), capture.maxInputLength, capture.redact)
          : undefined,
      });
    });
  }

  handleChainEnd(outputs: unknown, runId: string): void {
    this._guard('handleChainEnd', () => {
      const record = takeRun(runId);
      const capture = this._capture();
      if (record?.ownsSpan === true && record.span !== undefined && capture?.outputs === true)
        record.span.setAttribute(
          ATTR_LANGCHAIN_OUTPUT,
          deferCapture(plainRunValue(outputs), capture.maxOutputLength, capture.redact)
        );
      endRunSpan(record);
    });
  }

  handleChainError(error: unknown, runId: string): void {
    this._guard('handleChainError', () => endRunSpan(takeRun(runId), error));
  }

  handleChatModelStart(
    llm: SerializedLike,
    messages: unknown,
    runId: string,
    parentRunId?: string,
    extra?: unknown,
    _tags?: string[],
    metadata?: Record<string, unknown>
  ): void {
    this._guard('handleChatModelStart', () =>
      this._startModel('chat', llm, runId, parentRunId, extra, metadata, messages)
    );
  }

  handleLLMStart(
    llm: SerializedLike,
    prompts: unknown,
    runId: string,
    parentRunId?: string,
    extra?: unknown,
    _tags?: string[],
    metadata?: Record<string, unknown>
  ): void {
    this._guard('handleLLMStart', () =>
      this._startModel('completion', llm, runId, parentRunId, extra, metadata, prompts)
    );
  }

  private _startModel(
    operation: 'chat' | 'completion',
    llm: SerializedLike,
    runId: string,
    parentRunId: unknown,
    extra: unknown,
    metadata: unknown,
    input: unknown
  ): void {
    const capture = this._capture();
    if (capture === undefined) return;
    const attrs = modelRequestAttributes(operation, llm, extra, metadata);
    attrs[ATTR_NOVEUM_SPAN_TYPE] = 'llm';
    attrs[ATTR_LANGCHAIN_RUN_TYPE] = 'llm';
    const messages = (): AttributeBag =>
      operation === 'chat' ? messagesAttribute(input, capture) : promptsAttribute(input, capture);
    const adopted = this._start('llm', runId, parentRunId, llmSpanName(operation, attrs[ATTR_LLM_MODEL]), attrs);
    // An entry's span: a provider patch inside may still write the messages; only the gap is filled.
    if (adopted !== undefined) holdModelInput(adopted, () => setDefined(adopted, messages(), true));
    else {
      const record = getRun(runId);
      if (record?.ownsSpan === true && record.span !== undefined) setDefined(record.span, messages());
    }
  }

  handleLLMEnd(output: LlmResultLike, runId: string): void {
    this._guard('handleLLMEnd', () => {
      const record = takeRun(runId);
      if (record?.span !== undefined) releaseModelInput(record.span);
      const capture = this._capture();
      const span = record?.traced === true ? record.span : undefined;
      if (span === undefined || capture === undefined) return endRunSpan(record);
      const provider = attributeOf(span, ATTR_LLM_PROVIDER) ?? 'unknown';
      const summary = summarizeLlmResult(output);
      // A provider instrumentation that wrote onto this span has the precise figures: keep them.
      setDefined(span, resultAttributes(provider, summary, attributeOf(span, ATTR_LLM_MODEL), capture), true);
      endRunSpan(record);
    });
  }

  handleLLMError(error: unknown, runId: string): void {
    this._guard('handleLLMError', () => {
      const record = takeRun(runId);
      if (record?.span !== undefined) releaseModelInput(record.span);
      endRunSpan(record, error);
    });
  }

  handleToolStart(
    tool: SerializedLike,
    input: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    runName?: string
  ): void {
    this._guard('handleToolStart', () => {
      const capture = this._capture();
      if (capture === undefined) return;
      const name = runNameOf(tool, runName, 'tool');
      this._start('tool', runId, parentRunId, `tool.${name}`, {
        [ATTR_NOVEUM_SPAN_TYPE]: 'tool',
        [ATTR_LANGCHAIN_RUN_TYPE]: 'tool',
        [ATTR_TOOL_NAME]: name,
        [ATTR_TOOL_INPUT]: capture.inputs ? deferCapture(input, capture.maxInputLength, capture.redact) : undefined,
      });
    });
  }

  handleToolEnd(output: unknown, runId: string): void {
    this._guard('handleToolEnd', () => {
      const record = takeRun(runId);
      const capture = this._capture();
      if (record?.traced === true && record.span !== undefined && capture?.outputs === true) {
        const value = deferCapture(toolOutputOf(output), capture.maxOutputLength, capture.redact);
        record.span.setAttribute(ATTR_TOOL_OUTPUT, value);
      }
      endRunSpan(record);
    });
  }

  handleToolError(error: unknown, runId: string): void {
    this._guard('handleToolError', () => endRunSpan(takeRun(runId), error));
  }

  handleRetrieverStart(
    retriever: SerializedLike,
    query: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    runName?: string
  ): void {
    this._guard('handleRetrieverStart', () => {
      const capture = this._capture();
      if (capture === undefined) return;
      const name = runNameOf(retriever, runName, 'retriever');
      this._start('retriever', runId, parentRunId, `retrieval.${name}`, {
        [ATTR_NOVEUM_SPAN_TYPE]: 'retrieval',
        [ATTR_LANGCHAIN_RUN_TYPE]: 'retriever',
        [ATTR_RETRIEVAL_SOURCE]: name,
        [ATTR_RETRIEVAL_QUERY]: capture.inputs
          ? deferCapture(query, capture.maxInputLength, capture.redact)
          : undefined,
      });
    });
  }

  handleRetrieverEnd(documents: unknown, runId: string): void {
    this._guard('handleRetrieverEnd', () => {
      const record = takeRun(runId);
      const capture = this._capture();
      if (record?.traced === true && record.span !== undefined && capture !== undefined)
        setDefined(record.span, documentsAttributes(documents, capture));
      endRunSpan(record);
    });
  }

  handleRetrieverError(error: unknown, runId: string): void {
    this._guard('handleRetrieverError', () => endRunSpan(takeRun(runId), error));
  }
}
