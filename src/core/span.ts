import { diag, quote } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { getGlobal } from '../internal/global.js';
import {
  assignAttributes,
  isDeferredAttribute,
  toAttributeValue,
  toText,
  type AttributeLimits,
  type DeferredAttribute,
} from './attributes.js';
import { now } from './clock.js';
import { rememberCutHead } from './cut-text.js';
import { boundedException, boundedName, toRecordedException } from './recorded-exception.js';
import { entryEndTime, entryTime, isAttributeKey, isAttributeMap, readLink } from './span-input.js';
import { generateSpanId, INVALID_SPAN_ID, INVALID_TRACE_ID } from './ids.js';
import type {
  Attributes,
  FinishedTrace,
  ReadableSpan,
  RecordedException,
  Span,
  SpanContext,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanStatus,
  SpanStatusCode,
  TimeInput,
} from './types.js';

/** What a recording span reports to when it ends. */
export interface SpanOwner {
  readonly limits: AttributeLimits;
  spanEnded(span: RecordingSpan): void;
  /** Makes an open span findable by id (for `parentSpanId`); called when its id is first read. */
  indexOpenSpan(span: Span): void;
}

/**
 * Per-trace bookkeeping shared by the spans of one local trace. When the root ends, the
 * record fills in its `FinishedTrace` fields and is itself handed to the processors (one
 * object per trace instead of two on the hot path).
 */
export interface TraceRecord extends FinishedTrace {
  readonly traceId: string;
  /** 'sample' exports the trace; 'record' exports it only if a span ends in error. */
  readonly decision: 'sample' | 'record';
  spans: ReadableSpan[];
  root: RecordingSpan | undefined;
  /** The root has ended. */
  sent: boolean;
  /** Handed to the processors; spans ending later go as fragments. */
  delivered: boolean;
  hasError: boolean;
  name: string;
  rootSpan: ReadableSpan | undefined;
  startTime: number;
  endTime: number;
}

const STATUS_UNSET: SpanStatus = { code: 'unset' };
// Statuses without a message are shared: most spans end with one of these.
const STATUS_OK: SpanStatus = { code: 'ok' };
const STATUS_ERROR: SpanStatus = { code: 'error' };
// Most spans have no events or links: they share these until their first push.
const NO_EVENTS: SpanEvent[] = Object.freeze([]) as unknown as SpanEvent[];
const NO_LINKS: SpanLink[] = Object.freeze([]) as unknown as SpanLink[];
const VALID_STATUS: ReadonlySet<string> = new Set(['unset', 'ok', 'error']);

/** Formats the names and ids a misuse warning needs. */
function describe(span: { name: string; traceId: string; _spanId: string }): string {
  return `span ${quote(span.name, 100)} (trace ${span.traceId}, span ${span._spanId})`;
}

export { toRecordedException } from './recorded-exception.js';

// What disposing a span must also undo (a `using` scope's context restore), registered by the
// layer that activated it. Process-wide: a span of one build may be disposed by another's code.
const disposeHooks = getGlobal('span-dispose-hooks', () => new WeakMap<Span, () => void>());

/** Registers `hook` to run once when `span` is disposed (`using`), after it ends. */
export function setDisposeHook(span: Span, hook: () => void): void {
  disposeHooks.set(span, hook);
}

function takeDisposeHook(span: Span): (() => void) | undefined {
  const hook = disposeHooks.get(span);
  if (hook !== undefined) disposeHooks.delete(span);
  return hook;
}

/** A span that records what happens to it and reports to its owner when it ends. */
export class RecordingSpan implements Span, ReadableSpan {
  // Every field is declared here and set once, in one order, in the constructor: emitted class
  // fields would be defined first (as undefined) and then assigned again, about 30 stores per span.
  declare private readonly _owner: SpanOwner;
  declare readonly _record: TraceRecord;
  declare readonly traceId: string;
  /** The span id; internal code reads this, so reading it does not index the span. */
  declare readonly _spanId: string;
  declare readonly parentSpanId: string | undefined;
  declare readonly kind: SpanKind;
  declare readonly startTime: number;
  /** The attributes as set; `attributes` also resolves the deferred ones. */
  declare readonly _attributes: Attributes;
  declare private _deferred: Map<string, DeferredAttribute> | undefined;
  declare events: SpanEvent[];
  declare links: SpanLink[];
  declare name: string;
  declare endTime: number;
  declare status: SpanStatus;
  declare exception: RecordedException | undefined;
  declare ended: boolean;
  declare private _warned: boolean;
  declare private _indexed: boolean;
  /** The tracer's open-span slot (see `OpenSpans`). */
  declare _openSlot: number;

  constructor(
    owner: SpanOwner,
    record: TraceRecord,
    name: string,
    kind: SpanKind,
    parentSpanId: string | undefined,
    startTime: unknown,
    spanId?: string
  ) {
    this._owner = owner;
    this._record = record;
    this.traceId = record.traceId;
    this._spanId = spanId ?? generateSpanId();
    this.parentSpanId = parentSpanId;
    this.kind = kind;
    this.startTime = startTime === undefined ? now() : entryTime(startTime, 'startTime', name);
    this._attributes = {};
    this._deferred = undefined;
    this.events = NO_EVENTS;
    this.links = NO_LINKS;
    this.name = boundedName(name, owner.limits);
    this.endTime = this.startTime;
    this.status = STATUS_UNSET;
    this.exception = undefined;
    this.ended = false;
    this._warned = false;
    this._indexed = false;
    this._openSlot = -1;
  }

  /**
   * The span id. A span is indexed for `parentSpanId` lookups only once its id has been read
   * while it is open: nobody can name a parent whose id they never saw, and spans whose id
   * nobody reads (most scoped spans) skip the index entirely.
   */
  get spanId(): string {
    if (!this._indexed && !this.ended) {
      this._indexed = true;
      this._owner.indexOpenSpan(this);
    }
    return this._spanId;
  }

  /** Every attribute, deferred ones resolved on first read (see `DeferredAttribute`). */
  get attributes(): Attributes {
    if (this._deferred !== undefined) this._resolveDeferred();
    return this._attributes;
  }

  /**
   * True when `key` holds a value, deferred or not, without resolving deferred ones: code that
   * only asks whether a figure is there must not run a capture's `JSON.stringify` on the caller's
   * path, nor leave its text on the live span, which export no longer hands over (`_handOver`).
   */
  _hasAttribute(key: string): boolean {
    return this._attributes[key] !== undefined || (this._deferred?.has(key) ?? false);
  }

  /** The attributes as set, deferred ones left unresolved (for size estimates off the caller's path). */
  get rawAttributes(): Readonly<Attributes> {
    return this._attributes;
  }

  /** About how many characters the attributes not resolved yet keep alive (for the export queue). */
  get deferredSizeHint(): number {
    let n = 0;
    // forEach, not for-of: no entry array per attribute (this runs once per span at its end).
    this._deferred?.forEach((d, key) => {
      n += key.length + d.sizeHint();
    });
    return n;
  }

  private _resolveDeferred(): void {
    const deferred = this._deferred!;
    this._deferred = undefined;
    for (const [key, d] of deferred) {
      try {
        const resolved = d.resolve();
        const v = toAttributeValue(resolved, this._owner.limits);
        if (v === undefined) continue;
        this._attributes[key] = v;
        // Only a value stored as it was resolved (not cut again by the attribute limit).
        if (typeof v !== 'string' || v !== resolved) continue;
        const head = (d as Partial<DeferredAttribute>).cutHead?.call(d);
        if (head !== undefined) rememberCutHead(this._attributes, key, v, head);
      } catch (error) {
        reportInternalError('span.deferredAttribute', error);
      }
    }
  }

  private _forgetDeferred(attributes: Readonly<Record<string, unknown>>): void {
    try {
      for (const key of Object.keys(attributes)) this._deferred?.delete(key);
    } catch {
      // Keys that cannot be listed are not copied either (assignAttributes): nothing to forget.
    }
  }

  /**
   * The span as its trace is handed to processors: itself, or, when it holds captures not
   * resolved yet (prompts, completions), a copy that takes them, with its own attributes object.
   * The live span stays reachable after an instrumented call until a full GC (measured: two
   * forced young-generation GCs after its export still left it alive): the captures, and the text
   * export resolves them to, were promoted to the old generation with it, ~40 KB per 100 KB call.
   * The copy is reachable only from the export queue, so they die young.
   */
  _handOver(): RecordingSpan {
    const deferred = this._deferred;
    if (deferred === undefined) return this;
    // Made by the constructor, so it has the shape of every other span: code reading spans stays monomorphic.
    const copy = new RecordingSpan(
      this._owner,
      this._record,
      this.name,
      this.kind,
      this.parentSpanId,
      this.startTime,
      this._spanId
    );
    Object.assign(copy._attributes, this._attributes);
    copy._deferred = deferred;
    copy.events = this.events;
    copy.links = this.links;
    copy.endTime = this.endTime;
    copy.status = this.status;
    copy.exception = this.exception;
    copy.ended = true;
    this._deferred = undefined;
    return copy;
  }

  private _setDeferred(key: string, value: DeferredAttribute): void {
    (this._deferred ??= new Map()).set(key, value);
    delete this._attributes[key];
  }

  /** True once the span was put in the open-span index (so its end must take it out). */
  get isIndexed(): boolean {
    return this._indexed;
  }

  get durationMs(): number {
    return this.endTime - this.startTime;
  }

  spanContext(): SpanContext {
    return { traceId: this.traceId, spanId: this.spanId, sampled: this._record.decision === 'sample' };
  }

  isRecording(): boolean {
    return !this.ended;
  }

  isEnded(): boolean {
    return this.ended;
  }

  private _misuse(what: string): void {
    incrementCounter('misuseWarnings');
    if (this._warned) return;
    this._warned = true;
    diag.warn(`${what} on ${describe(this)} after it ended; ignored (further misuse of this span is not reported)`);
  }

  setAttribute(key: string, value: unknown): this {
    if (this.ended) {
      this._misuse(`setAttribute(${quote(key, 100)})`);
      return this;
    }
    if (typeof key !== 'string' && !isAttributeKey(key, 'setAttribute')) return this;
    // A plain value set after a deferred one for the same key wins.
    if (this._deferred !== undefined) this._deferred.delete(key);
    // Fast path for the common primitive cases; everything else goes through the safe converter.
    if (typeof value === 'number' || typeof value === 'boolean') {
      this._attributes[key] = value;
    } else if (typeof value === 'string' && value.length <= this._owner.limits.maxAttributeLength) {
      this._attributes[key] = value;
    } else if (isDeferredAttribute(value)) {
      this._setDeferred(key, value);
    } else {
      const v = toAttributeValue(value, this._owner.limits);
      if (v !== undefined) this._attributes[key] = v;
    }
    return this;
  }

  setAttributes(attributes: Readonly<Record<string, unknown>>): this {
    if (this.ended) {
      this._misuse('setAttributes');
      return this;
    }
    if (isAttributeMap(attributes, 'setAttributes')) {
      if (this._deferred !== undefined) this._forgetDeferred(attributes);
      assignAttributes(this._attributes, attributes, this._owner.limits, (key, value) => this._setDeferred(key, value));
    }
    return this;
  }

  addEvent(name: string, attributes?: Readonly<Record<string, unknown>>, time?: TimeInput): this {
    if (this.ended) {
      this._misuse(`addEvent(${quote(name, 100)})`);
      return this;
    }
    const attrs: Attributes = {};
    if (isAttributeMap(attributes, 'addEvent')) assignAttributes(attrs, attributes, this._owner.limits);
    const at = time === undefined ? now() : entryTime(time, 'event time', this.name);
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push({ name: boundedName(toText(name), this._owner.limits), time: at, attributes: attrs });
    return this;
  }

  addLink(link: { traceId: string; spanId: string; attributes?: Record<string, unknown> }): this {
    if (this.ended) {
      this._misuse('addLink');
      return this;
    }
    const valid = readLink(link);
    if (valid === undefined) return this;
    const attrs: Attributes = {};
    if (valid.attributes !== undefined) assignAttributes(attrs, valid.attributes, this._owner.limits);
    if (this.links === NO_LINKS) this.links = [];
    this.links.push({ traceId: valid.traceId, spanId: valid.spanId, attributes: attrs });
    return this;
  }

  setStatus(code: SpanStatusCode, message?: string): this {
    if (this.ended) {
      this._misuse('setStatus');
      return this;
    }
    if (!VALID_STATUS.has(code)) {
      incrementCounter('misuseWarnings');
      diag.warn(
        `setStatus on ${describe(this)}: unknown status ${quote(code, 60)}; expected "ok", "error" or "unset"; ignored`
      );
      return this;
    }
    this.status =
      message === undefined
        ? code === 'ok'
          ? STATUS_OK
          : code === 'error'
            ? STATUS_ERROR
            : STATUS_UNSET
        : { code, message: boundedName(toText(message), this._owner.limits) };
    return this;
  }

  recordException(error: unknown, time?: TimeInput): this {
    if (this.ended) {
      this._misuse('recordException');
      return this;
    }
    const exception = boundedException(toRecordedException(error), this._owner.limits);
    this.exception = exception;
    const attrs: Attributes = { 'exception.type': exception.type, 'exception.message': exception.message };
    if (exception.stackTrace !== undefined) attrs['exception.stacktrace'] = exception.stackTrace;
    if (this.events === NO_EVENTS) this.events = [];
    const at = time === undefined ? now() : entryTime(time, 'exception time', this.name);
    this.events.push({ name: 'exception', time: at, attributes: attrs });
    return this;
  }

  updateName(name: string): this {
    if (this.ended) {
      this._misuse('updateName');
      return this;
    }
    this.name = boundedName(toText(name), this._owner.limits);
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended) {
      incrementCounter('misuseWarnings');
      if (!this._warned) {
        this._warned = true;
        diag.warn(`end() called twice on ${describe(this)}; the second call is ignored`);
      }
      return;
    }
    this.endTime = entryEndTime(endTime, this.startTime, this.name);
    this.ended = true;
    if (this.status.code === 'error') this._record.hasError = true;
    this._owner.spanEnded(this);
  }

  [Symbol.dispose](): void {
    const restore = takeDisposeHook(this);
    if (!this.ended) this.end();
    restore?.();
  }
}

/**
 * A span that records nothing: handed out before `init()` and for sampled-out traces.
 * It still carries ids so children and outgoing requests follow the same decision.
 */
export class NonRecordingSpan implements Span {
  readonly name = '';
  readonly parentSpanId = undefined;

  constructor(
    readonly traceId: string = INVALID_TRACE_ID,
    readonly spanId: string = INVALID_SPAN_ID,
    private readonly _tracker: { forget(span: Span): void } | undefined = undefined
  ) {}

  spanContext(): SpanContext {
    return { traceId: this.traceId, spanId: this.spanId, sampled: false };
  }
  isRecording(): boolean {
    return false;
  }
  isEnded(): boolean {
    return false;
  }
  setAttribute(): this {
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  recordException(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {
    this._tracker?.forget(this);
  }
  [Symbol.dispose](): void {
    this.end();
    takeDisposeHook(this)?.();
  }
}

/** The shared span returned before `init()`: all zero ids, records nothing. */
export const NOOP_SPAN: Span = new NonRecordingSpan();

export function isRecordingSpan(span: Span | undefined): span is RecordingSpan {
  return span instanceof RecordingSpan;
}
