import { diag, quote, warnLimited, warnOnce } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import type { AttributeLimits } from './attributes.js';
import { readForeignParent, type RemoteParent } from './foreign-parent.js';
import { generateSpanId, generateTraceId, INVALID_TRACE_ID, isValidTraceId } from './ids.js';
import { OpenSpans } from './open-spans.js';
import { trackOpenSpans, type OpenSpanSource } from './open-work.js';
import { entryKind } from './span-input.js';
import { NonRecordingSpan, RecordingSpan, toRecordedException, type SpanOwner, type TraceRecord } from './span.js';
import type { FinishedTrace, ReadableSpan, Sampler, Span, SpanKind, TraceProcessor } from './types.js';

export interface StartSpanArgs {
  readonly name: string;
  readonly kind?: SpanKind | undefined;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  /** The parent span object, when the caller has it. */
  readonly parent?: Span | undefined;
  /** A parent referenced by id only (manual API); looked up among open spans. */
  readonly parentSpanId?: string | undefined;
  /** Continue a remote trace (W3C traceparent): the trace id and the remote parent span id. */
  readonly remoteParent?: RemoteParent | undefined;
  /** Checked where it enters (see `entryTime`): epoch milliseconds or a Date. */
  readonly startTime?: unknown;
  /**
   * Ids the span keeps instead of new ones: a span mirrored from OpenTelemetry (see
   * `NoveumSpanProcessor`) has the ids OpenTelemetry gave it. The trace id applies to a root only.
   */
  readonly ids?: { readonly traceId: string; readonly spanId: string } | undefined;
  /**
   * Parent-based sampling for a root under `remoteParent`: true when the upstream sampled the
   * trace (`-01`), false when it did not (`-00`). Undefined: this process's sampler decides.
   */
  readonly parentSampled?: boolean | undefined;
}

/** Whether a parent is one of this tracer's spans; `instanceof` throws on a revoked proxy, which is foreign. */
function kindOf(parent: unknown): 'recording' | 'non-recording' | 'foreign' {
  try {
    if (parent instanceof RecordingSpan) return 'recording';
    return parent instanceof NonRecordingSpan ? 'non-recording' : 'foreign';
  } catch {
    return 'foreign';
  }
}

// A trace's spans until its first ends (see `spanEnded`: never pushed to).
const NO_SPANS: ReadableSpan[] = Object.freeze([]) as unknown as ReadableSpan[];

// Bounds the open-span index so spans that are never ended cannot grow memory without limit.
const MAX_OPEN_SPANS = 50_000;

/**
 * `trace` as processors get it: a span still holding captures not resolved yet is replaced by
 * the copy that takes them (see `RecordingSpan._handOver`), in a trace object of its own, since
 * the trace record stays reachable from the live spans. Traces without such spans go as they are.
 */
function handOver(trace: FinishedTrace): FinishedTrace {
  let spans: ReadableSpan[] | undefined;
  for (let i = 0; i < trace.spans.length; i++) {
    const span = trace.spans[i]!;
    const out = span instanceof RecordingSpan ? span._handOver() : span;
    if (out === span) continue;
    spans ??= trace.spans.slice();
    spans[i] = out;
  }
  if (spans === undefined) return trace;
  const root = trace.rootSpan === undefined ? undefined : spans[trace.spans.indexOf(trace.rootSpan)];
  const { traceId, name, startTime, endTime } = trace;
  return { traceId, name, rootSpan: root, spans, startTime, endTime };
}

/**
 * Creates spans, applies the sampling decision at each root and hands complete
 * traces to the processors. Knows nothing of async context: callers pass the parent.
 */
export class Tracer implements SpanOwner, OpenSpanSource {
  private readonly _open = new Map<string, Span>();
  private readonly _live = new OpenSpans<RecordingSpan>();
  private readonly _folded = new WeakSet<RecordingSpan>();
  /** Whether `fold` ever ran: most apps never fold, and then no span end asks the WeakSet. */
  private _foldedAny = false;
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
          `startSpan(${quote(args.name, 100)}): parent span id ${quote(args.parentSpanId, 40)} is not an open span; starting a new trace`
        );
      }
    }
    if (parent !== undefined) {
      const kind = kindOf(parent);
      if (kind === 'recording') {
        const p = parent as RecordingSpan;
        return this._record(args, p._record, p._spanId);
      }
      if (kind === 'foreign') {
        const remote = this._foreignParent(parent, args.name);
        // OpenTelemetry's view of one of our open spans, or an OpenTelemetry span mirrored here: one trace record.
        const local = remote === undefined ? undefined : this._open.get(remote.spanId);
        if (local !== undefined) return this.startSpan({ ...args, parent: local, parentSpanId: undefined });
        return this._startRoot({ ...args, remoteParent: remote });
      }
      if (parent.traceId !== INVALID_TRACE_ID) return this._startDroppedChild(args, parent);
    }
    return this._startRoot(args);
  }

  /** A parent another library made: continued when its ids are valid W3C ids, else a new trace (warned once). */
  private _foreignParent(parent: unknown, name: string): RemoteParent | undefined {
    const remote = readForeignParent(parent);
    if (remote !== undefined) return remote;
    incrementCounter('misuseWarnings');
    warnOnce(
      'invalid-foreign-parent',
      `startSpan(${quote(name, 100)}): the parent is not a span of this SDK and has no valid trace and span ids ` +
        '(W3C: 32 and 16 lowercase hex characters, not all zeros; an OpenTelemetry span needs a registered SDK); ' +
        'starting a new trace (further cases are counted, not printed)'
    );
    return undefined;
  }

  private _startDroppedChild(args: StartSpanArgs, parent: Span): Span {
    // A child named by id may itself be named as a parent later, so it gets its own tracked id.
    if (args.parentSpanId !== undefined || args.ids !== undefined) {
      const span = new NonRecordingSpan(parent.traceId, args.ids?.spanId ?? generateSpanId(), this);
      this._track(span);
      return span;
    }
    // Scoped children of a sampled-out span reuse its ids: one small object, no id generation.
    return new NonRecordingSpan(parent.traceId, parent.spanId);
  }

  private _startRoot(args: StartSpanArgs): Span {
    const remote = args.remoteParent;
    const traceId =
      args.ids?.traceId ??
      (remote !== undefined && isValidTraceId(remote.traceId) ? remote.traceId : generateTraceId());
    const decision =
      traceId === remote?.traceId && args.parentSampled !== undefined
        ? args.parentSampled
          ? 'sample'
          : 'drop'
        : this._decide(traceId, args);
    if (decision === 'drop') {
      // Tracked so a manual child naming it by id follows the same decision.
      const span = new NonRecordingSpan(traceId, args.ids?.spanId ?? generateSpanId(), this);
      this._track(span);
      return span;
    }
    const record: TraceRecord = {
      traceId,
      decision,
      spans: NO_SPANS,
      root: undefined,
      sent: false,
      delivered: false,
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

  private _decide(traceId: string, args: StartSpanArgs): ReturnType<Sampler['shouldSample']> {
    try {
      return this._sampler.shouldSample(traceId, args.name, args.attributes);
    } catch (error) {
      reportInternalError('sampler', error);
      return 'sample';
    }
  }

  private _record(args: StartSpanArgs, record: TraceRecord, parentSpanId: string | undefined): RecordingSpan {
    const kind = args.kind === undefined ? 'internal' : entryKind(args.kind, args.name);
    const span = new RecordingSpan(this, record, args.name, kind, parentSpanId, args.startTime, args.ids?.spanId);
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

  /**
   * Makes `span` findable under another span's id too, until `unalias`: an OpenTelemetry span
   * folded into one of ours (it duplicates our LLM span), so its children are ours.
   */
  alias(spanId: string, span: Span): void {
    if (this._open.size < MAX_OPEN_SPANS) this._open.set(spanId, span);
  }

  unalias(spanId: string): void {
    this._open.delete(spanId);
  }

  /**
   * Folds the open span `spanId` (mirrored from OpenTelemetry: a client library's own span for a
   * call that `into` already records) into `into`: it is left out of the export, and spans started
   * under it from now on are children of `into`. False when `spanId` is not such a span.
   */
  fold(spanId: string, into: Span): boolean {
    const span = this._open.get(spanId);
    if (span === undefined || span === into || kindOf(span) !== 'recording') return false;
    this._folded.add(span as RecordingSpan);
    this._foldedAny = true;
    this._open.set(spanId, into);
    return true;
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
    if (this._foldedAny && this._folded.has(span)) {
      // Not exported. A folded root is a client library's span outside any of ours: its record is
      // not sent (our span for the call is in a trace record of its own).
      if (span === span._record.root) span._record.delivered = true;
      return;
    }
    for (const p of this._spanEndHooks) {
      try {
        p.onSpanEnd?.(span);
      } catch (error) {
        reportInternalError('processor.onSpanEnd', error);
      }
    }
    const record = span._record;
    if (record.delivered) {
      // A child that outlived its root: send it alone, with the same trace id.
      this._deliverFragment(record, span);
      return;
    }
    // Most traces are one span: a one-slot array, not the 17 slots a first push grows an empty one to.
    if (record.spans.length === 0) record.spans = [span];
    else record.spans.push(span);
    if (span === record.root) {
      record.sent = true;
      record.name = span.name;
      record.rootSpan = span;
      record.startTime = span.startTime;
      record.endTime = span.endTime;
    } else if (!record.sent) {
      return;
    }
    // Kept only if it fails (keepErrors): a child failing after the root ended sends the whole trace, root included.
    if (record.decision === 'record' && !record.hasError) return;
    record.delivered = true;
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

  private _deliver(ended: FinishedTrace): void {
    const trace = handOver(ended);
    for (const p of this._processors) {
      try {
        p.onTraceEnd(trace);
      } catch (error) {
        reportInternalError('processor.onTraceEnd', error);
      }
    }
  }
}
