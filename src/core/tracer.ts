import { diag, warnLimited } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import type { AttributeLimits } from './attributes.js';
import { generateSpanId, generateTraceId, INVALID_TRACE_ID, isValidTraceId } from './ids.js';
import { OpenSpans } from './open-spans.js';
import { trackOpenSpans, type OpenSpanSource } from './open-work.js';
import { NonRecordingSpan, RecordingSpan, toRecordedException, type SpanOwner, type TraceRecord } from './span.js';
import type { FinishedTrace, Sampler, Span, SpanKind, TraceProcessor } from './types.js';

export interface StartSpanArgs {
  readonly name: string;
  readonly kind?: SpanKind | undefined;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  /** The parent span object, when the caller has it. */
  readonly parent?: Span | undefined;
  /** A parent referenced by id only (manual API); looked up among open spans. */
  readonly parentSpanId?: string | undefined;
  /** Continue a remote trace (W3C traceparent): the trace id and the remote parent span id. */
  readonly remoteParent?: { readonly traceId: string; readonly spanId: string; readonly sampled: boolean } | undefined;
  readonly startTime?: number | undefined;
}

// Bounds the open-span index so spans that are never ended cannot grow memory without limit.
const MAX_OPEN_SPANS = 50_000;

/**
 * Creates spans, applies the sampling decision at each root and hands complete
 * traces to the processors. Knows nothing of async context: callers pass the parent.
 */
export class Tracer implements SpanOwner, OpenSpanSource {
  private readonly _open = new Map<string, Span>();
  private readonly _live = new OpenSpans<RecordingSpan>();
  private _openFullWarned = false;
  private readonly _spanStartHooks: TraceProcessor[];
  private readonly _spanEndHooks: TraceProcessor[];

  constructor(
    private readonly _processors: readonly TraceProcessor[],
    private readonly _sampler: Sampler,
    readonly limits: AttributeLimits
  ) {
    this._spanStartHooks = _processors.filter((p) => typeof p.onSpanStart === 'function');
    this._spanEndHooks = _processors.filter((p) => typeof p.onSpanEnd === 'function');
    trackOpenSpans(this);
  }

  /** Part of `OpenSpanSource`: ends every open span, newest (innermost) first, as failed by `error`. */
  endOpenSpans(error: unknown): void {
    const message = toRecordedException(error).message;
    for (const span of this._live.list().reverse()) {
      if (span.ended) continue;
      span.recordException(error);
      span.setStatus('error', message);
      span.end();
    }
  }

  get processors(): readonly TraceProcessor[] {
    return this._processors;
  }

  /** Finds an open span by id (for `parentSpanId`); undefined when unknown or ended. */
  findOpenSpan(spanId: string): Span | undefined {
    return this._open.get(spanId);
  }

  startSpan(args: StartSpanArgs): Span {
    let parent = args.parent;
    if (parent === undefined && args.parentSpanId !== undefined) {
      parent = this._open.get(args.parentSpanId);
      if (parent === undefined) {
        incrementCounter('misuseWarnings');
        warnLimited(
          'unknown-parent-span-id',
          10,
          `startSpan("${args.name}"): parent span id ${JSON.stringify(args.parentSpanId)} is not an open span; starting a new trace`
        );
      }
    }
    if (parent !== undefined) {
      if (parent instanceof RecordingSpan) {
        return this._record(args, parent._record, parent._spanId);
      }
      if (parent.traceId !== INVALID_TRACE_ID) return this._startDroppedChild(args, parent);
    }
    return this._startRoot(args);
  }

  private _startDroppedChild(args: StartSpanArgs, parent: Span): Span {
    // A child named by id may itself be named as a parent later, so it gets its own tracked id.
    if (args.parentSpanId !== undefined) {
      const span = new NonRecordingSpan(parent.traceId, generateSpanId(), this);
      this._track(span);
      return span;
    }
    // Scoped children of a sampled-out span reuse its ids: one small object, no id generation.
    return new NonRecordingSpan(parent.traceId, parent.spanId);
  }

  private _startRoot(args: StartSpanArgs): Span {
    const remote = args.remoteParent;
    const traceId = remote !== undefined && isValidTraceId(remote.traceId) ? remote.traceId : generateTraceId();
    let decision: ReturnType<Sampler['shouldSample']>;
    try {
      decision = this._sampler.shouldSample(traceId, args.name, args.attributes);
    } catch (error) {
      reportInternalError('sampler', error);
      decision = 'sample';
    }
    if (decision === 'drop') {
      // Tracked so a manual child naming it by id follows the same decision.
      const span = new NonRecordingSpan(traceId, generateSpanId(), this);
      this._track(span);
      return span;
    }
    const record: TraceRecord = {
      traceId,
      decision,
      spans: [],
      root: undefined,
      sent: false,
      hasError: false,
      name: args.name,
      rootSpan: undefined,
      startTime: 0,
      endTime: 0,
    };
    const span = this._record(args, record, remote?.spanId);
    record.root = span;
    return span;
  }

  private _record(args: StartSpanArgs, record: TraceRecord, parentSpanId: string | undefined): RecordingSpan {
    const span = new RecordingSpan(this, record, args.name, args.kind ?? 'internal', parentSpanId, args.startTime);
    this._live.add(span);
    if (args.attributes !== undefined) span.setAttributes(args.attributes);
    // Not indexed here: the span indexes itself when its id is first read (see RecordingSpan.spanId).
    for (const p of this._spanStartHooks) {
      try {
        p.onSpanStart?.(span);
      } catch (error) {
        reportInternalError('processor.onSpanStart', error);
      }
    }
    return span;
  }

  /** Part of `SpanOwner`: called by a recording span when its id is first read while open. */
  indexOpenSpan(span: Span): void {
    this._track(span);
  }

  private _track(span: Span): void {
    if (this._open.size >= MAX_OPEN_SPANS) {
      if (!this._openFullWarned) {
        this._openFullWarned = true;
        diag.warn(
          `more than ${MAX_OPEN_SPANS} spans are open at once; spans that are never ended leak. parentSpanId lookups may fail`
        );
      }
      return;
    }
    this._open.set(span.spanId, span);
  }

  /** Called by a span's `end()`; also forgets sampled-out manual spans. */
  forget(span: Span): void {
    this._open.delete(span.spanId);
  }

  spanEnded(span: RecordingSpan): void {
    if (span.isIndexed) this._open.delete(span._spanId);
    this._live.delete(span);
    for (const p of this._spanEndHooks) {
      try {
        p.onSpanEnd?.(span);
      } catch (error) {
        reportInternalError('processor.onSpanEnd', error);
      }
    }
    const record = span._record;
    if (record.sent) {
      // A child that outlived its root: send it alone, with the same trace id.
      if (record.decision === 'sample' || record.hasError) this._deliverFragment(record, span);
      return;
    }
    record.spans.push(span);
    if (span !== record.root) return;
    record.sent = true;
    record.name = span.name;
    record.rootSpan = span;
    record.startTime = span.startTime;
    record.endTime = span.endTime;
    if (record.decision === 'record' && !record.hasError) return;
    this._deliver(record);
  }

  /** A span that ended after its trace was sent: delivered alone, under the same trace id and name. */
  private _deliverFragment(record: TraceRecord, span: RecordingSpan): void {
    this._deliver({
      traceId: record.traceId,
      name: record.name,
      rootSpan: undefined,
      spans: [span],
      startTime: span.startTime,
      endTime: span.endTime,
    });
  }

  private _deliver(trace: FinishedTrace): void {
    for (const p of this._processors) {
      try {
        p.onTraceEnd(trace);
      } catch (error) {
        reportInternalError('processor.onTraceEnd', error);
      }
    }
  }
}
