/**
 * `NoveumCallbackHandler`: a LangChain callback handler that turns runs into spans. LangChain
 * takes any object with a string `name` as a handler as it is (`ensureHandler`), so this class
 * needs nothing from `@langchain/core` (a plain class's methods would be lost by
 * `BaseCallbackHandler.fromMethods`, which copies own properties only).
 *
 * `awaitHandlers: true`: otherwise LangChain runs callbacks later from a background queue, after
 * the caller's `await` and outside its context, so spans would end late and nest wrongly (an
 * explicit handler shared by concurrent requests). It costs nothing extra: a do-nothing handler
 * adds the same CPU per chain call awaited as queued (bench rows `lc-noop`, `lc-noop-await`).
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
import type { LlmResultLike, SerializedLike } from './internal-types.js';
import { attributeOf, endRunSpan, setDefined, startRunSpan } from './span-ops.js';
import { holdModelInput, parentSpanOf, recordRun, releaseModelInput, takeRun } from './runs.js';
import type { NoveumCallbackHandlerOptions } from './types.js';
import {
  messagesAttribute,
  modelRequestAttributes,
  plainRunValue,
  promptsAttribute,
  runNameOf,
  RETRIEVER_STEP,
  summarizeLlmResult,
  TOOL_STEP,
  type StepKind,
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

  // The last resolved capture and what it came from: every callback of a run reads it.
  private _resolved: { from: PreparedCaptureConfig; global: unknown; capture: CallCapture } | undefined;

  private _capture(): CallCapture | undefined {
    const client = getClient();
    if (!this._settings.enabled || !client.isEnabled || isTracingSuppressed()) return undefined;
    const from = this._settings.capture;
    const global = client.capture;
    const last = this._resolved;
    if (last !== undefined && last.from === from && last.global === global) return last.capture;
    const capture = resolveCallCapture(from, global);
    this._resolved = { from, global, capture };
    return capture;
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
      startRunSpan('chain', runId, parentRunId, name, {
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
    const record = startRunSpan('llm', runId, parentRunId, llmSpanName(operation, attrs[ATTR_LLM_MODEL]), attrs);
    const span = record?.traced === true ? record.span : undefined;
    if (span === undefined) return;
    // An entry's span: a provider patch inside may still write the messages; only the gap is filled.
    if (record?.ownsSpan === true) setDefined(span, messages());
    else holdModelInput(span, () => setDefined(span, messages(), true));
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
    this._guard('handleToolStart', () => this._startStep(TOOL_STEP, tool, input, runId, parentRunId, runName));
  }

  handleToolEnd(output: unknown, runId: string): void {
    this._guard('handleToolEnd', () => this._endStep(TOOL_STEP, output, runId));
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
    this._guard('handleRetrieverStart', () =>
      this._startStep(RETRIEVER_STEP, retriever, query, runId, parentRunId, runName)
    );
  }

  handleRetrieverEnd(documents: unknown, runId: string): void {
    this._guard('handleRetrieverEnd', () => this._endStep(RETRIEVER_STEP, documents, runId));
  }

  handleRetrieverError(error: unknown, runId: string): void {
    this._guard('handleRetrieverError', () => endRunSpan(takeRun(runId), error));
  }

  /** A tool or retriever run starts: its span (the entry's, adopted) named after the step. */
  private _startStep(
    step: StepKind,
    serialized: SerializedLike,
    input: unknown,
    runId: string,
    parentRunId: unknown,
    runName: unknown
  ): void {
    const capture = this._capture();
    if (capture === undefined) return;
    const name = runNameOf(serialized, runName, step.kind);
    startRunSpan(step.kind, runId, parentRunId, `${step.spanPrefix}${name}`, {
      [ATTR_NOVEUM_SPAN_TYPE]: step.spanType,
      [ATTR_LANGCHAIN_RUN_TYPE]: step.kind,
      [step.nameAttribute]: name,
      [step.inputAttribute]: capture.inputs ? deferCapture(input, capture.maxInputLength, capture.redact) : undefined,
    });
  }

  private _endStep(step: StepKind, output: unknown, runId: string): void {
    const record = takeRun(runId);
    const capture = this._capture();
    if (record?.traced === true && record.span !== undefined && capture !== undefined)
      setDefined(record.span, step.outputAttributes(output, capture));
    endRunSpan(record);
  }
}
