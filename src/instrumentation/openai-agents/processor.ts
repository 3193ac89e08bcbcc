/**
 * The trace processor registered with the OpenAI Agents SDK: each Agents trace becomes a workflow
 * span nested under the caller's active span, and each Agents span a span of ours under its
 * parent's (task and turn spans only group, so they are folded into their parent). The model-call
 * spans (response, generation) are LLM owners: the `openai` patch, asked through the external
 * scope (the Agents span context is the only context the model call runs in), writes its precise
 * usage onto them instead of opening a second LLM span.
 */
import { getClient } from '../../api/client.js';
import { getSpan } from '../../context/active-span.js';
import { getActiveContext } from '../../context/context-manager.js';
import { createLlmOwner, endLlmOwner, type ExternalScope, type LlmOwner } from '../../context/llm-owner.js';
import { ATTR_ERROR_TYPE, ATTR_LLM_MODEL } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { resolveCallCapture } from '../genai/capture.js';
import type { AttributeBag } from '../genai/usage.js';
import type { LiveSettings } from '../types.js';
import type { AgentsSpan, AgentsTrace, AgentsTracingProcessor } from './internal-types.js';
import { isFolded, isModelCall, spanEnd, spanError, spanStart, traceStart } from './utils.js';

/**
 * Traces open at once before the oldest is ended (its open spans marked aborted): a run whose end
 * never comes (a streamed run nobody reads to the end) must not hold memory forever.
 */
const MAX_OPEN_TRACES = 10_000;

/** Our side of one Agents span; a folded span points at its parent's span and ends nothing. */
interface SpanNode {
  readonly span: Span | undefined;
  readonly owner: LlmOwner | undefined;
  readonly own: boolean;
  readonly traceId: string;
}

/** Our side of one Agents trace. */
interface TraceNode {
  readonly span: Span | undefined;
  /** Our active span when the trace started: the model calls of the run see it as active. */
  readonly outer: Span | undefined;
  /** Agents spans of this trace started and not ended yet. */
  open: number;
  error: { message: string; attributes: AttributeBag } | undefined;
  abortCheck: NodeJS.Immediate | undefined;
}

function setDefined(span: Span, attributes: AttributeBag): void {
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && value !== null) span.setAttribute(key, value);
  }
}

function fail(span: Span, error: { message: string; attributes: AttributeBag }): void {
  setDefined(span, error.attributes);
  span.recordException({ name: error.attributes[ATTR_ERROR_TYPE], message: error.message });
  span.setStatus('error', error.message);
}

type Readable = { rawAttributes?: Record<string, unknown>; attributes?: Record<string, unknown> };

/**
 * A plain attribute as the recording span holds it (duck-typed: either build's span), without
 * resolving deferred captures on the caller's path.
 */
function attributeOf(span: Span, key: string): unknown {
  const s = span as Readable;
  return (s.rawAttributes ?? s.attributes)?.[key];
}

export class NoveumAgentsProcessor implements AgentsTracingProcessor {
  private readonly _spans = new Map<string, SpanNode>();
  private readonly _traces = new Map<string, TraceNode>();
  // Agents spans already ended: code still running in their context must not start them again.
  private readonly _ended = new WeakSet<AgentsSpan>();
  private _stopped = false;

  constructor(
    private readonly _settings: LiveSettings,
    private readonly _maxOpenTraces = MAX_OPEN_TRACES
  ) {}

  private _isActive(): boolean {
    return !this._stopped && this._settings.enabled && getClient().isEnabled;
  }

  /** Goes quiet for good (the SDK's processor list cannot be edited): after `uninstrument()`. */
  stop(): void {
    this._stopped = true;
  }

  onTraceStart(trace: AgentsTrace): Promise<void> {
    try {
      if (this._isActive() && !this._traces.has(trace.traceId)) this._startTrace(trace.traceId, trace);
    } catch (error) {
      reportInternalError('openai-agents.onTraceStart', error);
    }
    return Promise.resolve();
  }

  onTraceEnd(trace: AgentsTrace): Promise<void> {
    try {
      const node = this._traces.get(trace.traceId);
      if (node !== undefined) this._finishTrace(trace.traceId, node);
    } catch (error) {
      reportInternalError('openai-agents.onTraceEnd', error);
    }
    return Promise.resolve();
  }

  onSpanStart(span: AgentsSpan): Promise<void> {
    try {
      if (this._isActive()) this.nodeFor(span);
    } catch (error) {
      reportInternalError('openai-agents.onSpanStart', error);
    }
    return Promise.resolve();
  }

  onSpanEnd(span: AgentsSpan): Promise<void> {
    try {
      this._endSpan(span);
    } catch (error) {
      reportInternalError('openai-agents.onSpanEnd', error);
    }
    return Promise.resolve();
  }

  /** Flushes our pipeline: the Agents SDK calls this on `forceFlush()` and at exit. */
  forceFlush(): Promise<void> {
    return getClient().forceFlush();
  }

  /**
   * Flushes only: `setTraceProcessors` shuts the processors it replaces down, and the Agents SDK
   * shuts its provider down at exit; neither may stop our own pipeline.
   */
  shutdown(timeout?: number): Promise<void> {
    return getClient().forceFlush(timeout);
  }

  /**
   * Where the running code is, for a provider call inside an Agents span: our span for the
   * current Agents span and, for a model-call span, its owner record. Nothing when the caller
   * opened a span of ours inside the Agents span (that span is the better parent).
   */
  scopeOf(current: AgentsSpan, active: Span | undefined): ExternalScope | undefined {
    if (!this._isActive() || this._ended.has(current)) return undefined;
    const trace = this._traces.get(current.traceId);
    if (trace !== undefined && active !== trace.outer) return undefined;
    const node = this.nodeFor(current);
    return node.span === undefined ? undefined : { span: node.span, owner: node.owner };
  }

  /** Our node for `span`, started now if its start has not been seen yet (the callbacks may lag). */
  nodeFor(span: AgentsSpan): SpanNode {
    const known = this._spans.get(span.spanId);
    if (known !== undefined) return known;
    const trace = this._traces.get(span.traceId) ?? this._startTrace(span.traceId, undefined);
    const parent = span.parentId === null ? trace.span : (this._spans.get(span.parentId)?.span ?? trace.span);
    if (trace.abortCheck !== undefined) clearImmediate(trace.abortCheck);
    trace.abortCheck = undefined;
    if (span.parentId === null) trace.error = undefined;
    let node: SpanNode;
    if (isFolded(span.spanData)) {
      node = { span: parent, owner: undefined, own: false, traceId: span.traceId };
    } else {
      const start = spanStart(span.spanData);
      const options = { attributes: start.attributes, kind: start.kind };
      const ours = getClient().startSpan(start.name, parent !== undefined ? { ...options, parent } : options);
      const owner = isModelCall(span.spanData) ? createLlmOwner(ours) : undefined;
      node = { span: ours, owner, own: true, traceId: span.traceId };
    }
    trace.open++;
    this._spans.set(span.spanId, node);
    return node;
  }

  private _startTrace(traceId: string, trace: AgentsTrace | undefined): TraceNode {
    if (this._traces.size >= this._maxOpenTraces) {
      const [oldestId, oldest] = this._traces.entries().next().value as [string, TraceNode];
      this._finishTrace(oldestId, oldest);
    }
    const outer = getSpan(getActiveContext());
    let span: Span | undefined;
    if (trace !== undefined) {
      const start = traceStart(trace);
      span = getClient().startSpan(start.name, { attributes: start.attributes, kind: start.kind });
    }
    const node: TraceNode = { span, outer, open: 0, error: undefined, abortCheck: undefined };
    this._traces.set(traceId, node);
    return node;
  }

  private _endSpan(span: AgentsSpan): void {
    const node = this._spans.get(span.spanId) ?? (this._isActive() ? this.nodeFor(span) : undefined);
    if (node === undefined) return;
    this._ended.add(span);
    this._spans.delete(span.spanId);
    const trace = this._traces.get(span.traceId);
    if (trace !== undefined) trace.open--;
    const error = span.error !== null && span.error !== undefined ? spanError(span.error) : undefined;
    if (node.own && node.span !== undefined) this._finishSpan(span, node, node.span, error);
    // A run that throws (a guardrail tripwire) ends its spans but never its trace: end it here.
    if (span.parentId === null && error !== undefined && trace !== undefined) {
      trace.error = error;
      this._scheduleAbortCheck(span.traceId, trace);
    }
  }

  private _finishSpan(
    span: AgentsSpan,
    node: SpanNode,
    ours: Span,
    error: { message: string; attributes: AttributeBag } | undefined
  ): void {
    const capture = resolveCallCapture(this._settings.capture, getClient().capture);
    const model = attributeOf(ours, ATTR_LLM_MODEL);
    const end = spanEnd(
      span.spanData,
      capture,
      node.owner?.claimed === true,
      typeof model === 'string' ? model : undefined
    );
    setDefined(ours, end.attributes);
    if (end.name !== undefined) ours.updateName(end.name);
    if (error !== undefined) fail(ours, error);
    else ours.setStatus('ok');
    // A streamed provider call still writing onto this span holds its end until it finishes.
    endLlmOwner(node.owner, () => ours.end());
  }

  /**
   * Ends an aborted trace once nothing else can come: after the current round of callbacks,
   * unless a new span of the trace starts (a caught error followed by another run) or its
   * `onTraceEnd` arrives after all.
   */
  private _scheduleAbortCheck(traceId: string, trace: TraceNode): void {
    if (trace.abortCheck !== undefined) return;
    trace.abortCheck = setImmediate(() => {
      trace.abortCheck = undefined;
      try {
        if (this._traces.get(traceId) === trace && trace.open <= 0 && trace.error !== undefined)
          this._finishTrace(traceId, trace);
      } catch (error) {
        reportInternalError('openai-agents.abort', error);
      }
    });
    trace.abortCheck.unref();
  }

  /** Ends the trace's span, and first any span of it still open (a run cut short). */
  private _finishTrace(traceId: string, trace: TraceNode): void {
    this._traces.delete(traceId);
    if (trace.abortCheck !== undefined) clearImmediate(trace.abortCheck);
    for (const [id, node] of this._spans) {
      if (node.traceId !== traceId) continue;
      this._spans.delete(id);
      if (!node.own || node.span === undefined || node.span.isEnded()) continue;
      const ours = node.span;
      fail(ours, { message: 'the run ended before this span', attributes: { [ATTR_ERROR_TYPE]: 'aborted' } });
      endLlmOwner(node.owner, () => ours.end());
    }
    if (trace.span === undefined || trace.span.isEnded()) return;
    if (trace.error !== undefined) fail(trace.span, trace.error);
    else trace.span.setStatus('ok');
    trace.span.end();
  }
}
