/**
 * A noveum-backed tracer with the OpenTelemetry `Tracer` shape the AI SDK calls
 * (`experimental_telemetry.tracer`): each AI SDK span becomes one of ours, its `ai.*` attributes
 * mapped when it ends. `@opentelemetry/api` is never imported: the SDK only calls the methods.
 *
 * Parenting: the SDK wraps its work in `tracer.startActiveSpan(name, opts, fn)` and then enters
 * `context.active()` of OpenTelemetry, which without a context manager is the empty root. Our
 * context is the source of truth: `startActiveSpan` runs `fn` with the new span active in our
 * context, so the SDK's nested spans (steps, tool calls) and the caller's `traceOperation` nest.
 */
import { getClient } from '../../api/client.js';
import { getSpan, isTracingSuppressed, setSpan } from '../../context/active-span.js';
import { getActiveContext, withContext } from '../../context/context-manager.js';
import { withOtelActiveSpan } from '../../context/otel-bridge.js';
import { ATTR_LLM_STREAM_OUTCOME } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { prepareCaptureConfig, resolveCallCapture, type PreparedCaptureConfig } from '../genai/capture.js';
import type { AttributeBag } from '../genai/usage.js';
import { mapAttributes, spanName, spanRole, type SpanRole } from './utils.js';

/** The span context shape OpenTelemetry callers read. */
interface OtelSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

const ERROR_CODE = 2;
const OK_CODE = 1;

// The AI SDK span standing for each of our spans, to find the parent of a nested one.
const aiSpans = new WeakMap<Span, NoveumAISpan>();

/** One AI SDK span: collects the SDK's attributes, writes ours on `end()`. */
export class NoveumAISpan {
  private readonly _attributes: AttributeBag;
  private readonly _children = new Set<NoveumAISpan>();
  private _ended = false;
  private _statusSet = false;
  // Why the span was ended by us rather than by the SDK: passed on to its open children.
  private _abandonedWith: { error: unknown } | undefined;

  constructor(
    readonly span: Span,
    private readonly _name: string,
    private readonly _role: SpanRole,
    attributes: AttributeBag,
    private readonly _capture: PreparedCaptureConfig,
    private readonly _parent: NoveumAISpan | undefined
  ) {
    // A null-prototype object is a dictionary from the start: the SDK adds 10 to 30 keys per span
    // with computed names, and adding them to a fast-mode object costs a map transition (and
    // finally a normalisation) each, tens of µs per call; a dictionary insert costs a hash.
    this._attributes = Object.create(null) as AttributeBag;
    for (const key in attributes) this._attributes[key] = attributes[key];
    _parent?._children.add(this);
    aiSpans.set(span, this);
  }

  spanContext(): OtelSpanContext {
    const c = this.span.spanContext();
    return { traceId: c.traceId, spanId: c.spanId, traceFlags: 1 };
  }

  isRecording(): boolean {
    return !this._ended && this.span.isRecording();
  }

  setAttribute(key: string, value: unknown): this {
    if (!this._ended) this._attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Readonly<Record<string, unknown>> | undefined): this {
    if (this._ended || attributes === null || typeof attributes !== 'object') return this;
    for (const key in attributes) this._attributes[key] = attributes[key];
    return this;
  }

  addEvent(name: string, attributes?: unknown): this {
    if (this._ended) return this;
    const attrs = attributes !== null && typeof attributes === 'object' ? (attributes as AttributeBag) : undefined;
    this.span.addEvent(String(name), attrs);
    return this;
  }

  addLink(): this {
    return this;
  }

  addLinks(): this {
    return this;
  }

  updateName(): this {
    // Our name is derived from the model or tool when the span ends.
    return this;
  }

  setStatus(status: { code?: number; message?: string } | undefined): this {
    if (this._ended || status === undefined || status === null) return this;
    if (status.code === ERROR_CODE) {
      this._statusSet = true;
      this.span.setStatus('error', typeof status.message === 'string' ? status.message : undefined);
    } else if (status.code === OK_CODE) {
      this._statusSet = true;
      this.span.setStatus('ok');
    }
    return this;
  }

  recordException(exception: unknown): this {
    if (!this._ended) this.span.recordException(exception);
    return this;
  }

  /** Ends the span once: our attributes written first; children the SDK left open are ended too. */
  end(): void {
    if (this._ended) return;
    this._ended = true;
    try {
      for (const child of this._children) child.abandon(this._abandonedWith?.error);
      const capture = resolveCallCapture(this._capture, getClient().capture);
      const mapped = mapAttributes(this._role, this._attributes, capture);
      for (const key in mapped) {
        const value = mapped[key];
        if (value !== undefined && value !== null) this.span.setAttribute(key, value);
      }
      this.span.updateName(spanName(this._name, this._role, this._attributes));
      // A stream step whose provider sent an error part ends with finish reason `error` only.
      const failed = this._attributes['ai.response.finishReason'] === 'error';
      if (!this._statusSet && failed) this.span.setStatus('error', 'the model stream reported an error');
      if (this._role.stream && this._abandonedWith === undefined) {
        this.span.setAttribute(ATTR_LLM_STREAM_OUTCOME, failed ? 'error' : 'completed');
      }
    } catch (error) {
      reportInternalError('vercel-ai.end', error);
    } finally {
      this._parent?._children.delete(this);
      this.span.end();
    }
  }

  /**
   * Ends a span the SDK will not end itself (its stream was cancelled or failed: vercel/ai
   * #20586), with `error` recorded when there is one.
   */
  abandon(error: unknown): void {
    if (this._ended) return;
    this._abandonedWith = { error };
    this.span.setAttribute(ATTR_LLM_STREAM_OUTCOME, error === undefined ? 'cancelled' : 'error');
    if (error !== undefined) {
      this.span.recordException(error);
      this.setStatus({ code: ERROR_CODE, message: error instanceof Error ? error.message : String(error) });
    }
    this.end();
  }
}

type SpanCallback = (span: unknown) => unknown;

/** Splits `startActiveSpan(name, [options, [context,]] fn)` into options and callback. */
function splitArgs(args: readonly unknown[]): { options: { attributes?: unknown } | undefined; fn: SpanCallback } {
  const fn = args.at(-1) as SpanCallback;
  const options = args.length > 1 ? (args[0] as { attributes?: unknown } | undefined) : undefined;
  return { options, fn };
}

/** An OpenTelemetry-shaped tracer writing noveum spans for the AI SDK. */
export class NoveumAITracer {
  /** The first operation span this tracer started (a per-call tracer ends it if its stream stops). */
  root: NoveumAISpan | undefined;

  constructor(
    private readonly _capture: PreparedCaptureConfig = prepareCaptureConfig(undefined),
    private readonly _isOn: () => boolean = () => true
  ) {}

  startSpan(name: string, options?: { attributes?: unknown }): unknown {
    return this._start(String(name), options) ?? NOOP_SPAN;
  }

  startActiveSpan(name: string, ...args: unknown[]): unknown {
    const { options, fn } = splitArgs(args);
    const span = this._start(String(name), options);
    if (span === undefined) return fn(NOOP_SPAN);
    const ctx = setSpan(getActiveContext(), span.span);
    return withContext(ctx, () => withOtelActiveSpan(span.span, () => fn(span)));
  }

  private _start(name: string, options: { attributes?: unknown } | undefined): NoveumAISpan | undefined {
    try {
      const client = getClient();
      if (!this._isOn() || !client.isEnabled) return undefined;
      const ctx = getActiveContext();
      if (isTracingSuppressed(ctx)) return undefined;
      const role = spanRole(name);
      const raw = options?.attributes;
      const attributes = raw !== null && typeof raw === 'object' ? (raw as AttributeBag) : {};
      const parent = getSpan(ctx);
      const start = { attributes: { 'noveum.span_type': role.type }, kind: role.kind };
      const span = client.startSpan(spanName(name, role, attributes), parent ? { ...start, parent } : start);
      if (!span.isRecording()) return undefined;
      const ai = new NoveumAISpan(span, name, role, attributes, this._capture, parent && aiSpans.get(parent));
      if (this.root === undefined && role.type === 'operation') this.root = ai;
      return ai;
    } catch (error) {
      reportInternalError('vercel-ai.startSpan', error);
      return undefined;
    }
  }
}

/** The span handed to the SDK when nothing is recorded (before `init()`, suppressed, sampled out). */
const NOOP_SPAN = Object.freeze({
  spanContext: () => ({ traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 }),
  isRecording: () => false,
  setAttribute() {
    return NOOP_SPAN;
  },
  setAttributes() {
    return NOOP_SPAN;
  },
  addEvent() {
    return NOOP_SPAN;
  },
  addLink() {
    return NOOP_SPAN;
  },
  addLinks() {
    return NOOP_SPAN;
  },
  setStatus() {
    return NOOP_SPAN;
  },
  updateName() {
    return NOOP_SPAN;
  },
  recordException() {
    return NOOP_SPAN;
  },
  end() {},
});
