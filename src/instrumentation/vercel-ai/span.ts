/**
 * One AI SDK span as the SDK sees it (the OpenTelemetry `Span` methods it calls), backed by one
 * of ours: the SDK's `ai.*` attributes are collected and mapped when it ends. A span can also be
 * "lent": the app's `traceLLM` span standing for the call (see tracer.ts), written onto but
 * never named, ended or given a status by us, since the scope owns it.
 */
import { getClient } from '../../api/client.js';
import { releaseLlmOwner, type LlmOwner } from '../../context/llm-owner.js';
import { trackOpenWork } from '../../core/open-work.js';
import { ATTR_ERROR_TYPE, ATTR_LLM_STREAM_OUTCOME, ATTR_NOVEUM_SPAN_TYPE } from '../../core/semconv.js';
import { toRecordedException } from '../../core/span.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { heldForCapture, resolveCallCapture, type CallCapture, type PreparedCaptureConfig } from '../genai/capture.js';
import type { AttributeBag } from '../genai/usage.js';
import { AI_TOTAL_USAGE_PREFIX } from './constants.js';
import { mapAttributes, spanName, type SpanRole } from './utils.js';

const ERROR_CODE = 2;
const OK_CODE = 1;

/** How a span we end ourselves ended (the SDK left it open, vercel/ai #20586). */
export type StopOutcome = 'cancelled' | 'aborted' | 'abandoned';

/** What a span needs from the call it belongs to. */
export interface SpanHost {
  readonly capture: PreparedCaptureConfig;
  /** True once the call's `abortSignal` fired. */
  isAborted(): boolean;
}

/** The app's LLM scope a call writes onto, shared by the operation and its first model step. */
export interface LentScope {
  readonly owner: LlmOwner;
  /** The first model step wrote onto the scope's span; later steps get spans of their own. */
  stepTaken: boolean;
  /** Which of the two recorded an error on the scope's span (the other does not repeat it). */
  errorBy: object | undefined;
}

/** What a lent operation writes onto the scope's span: ids, settings, the aggregate usage, its error. */
function keptOnScope(key: string): boolean {
  if (key === ATTR_ERROR_TYPE || key.startsWith(AI_TOTAL_USAGE_PREFIX)) return true;
  return key.startsWith('ai.') && key !== 'ai.prompt' && key !== 'ai.response';
}

// The SDK's content keys (see utils.ts), by the capture limit that bounds what is read of them.
const CAPTURED_KEYS = new Map<string, 'in' | 'out'>([
  ['ai.prompt', 'in'],
  ['ai.prompt.messages', 'in'],
  ['ai.value', 'in'],
  ['ai.values', 'in'],
  ['ai.toolCall.args', 'in'],
  ['ai.response.text', 'out'],
  ['ai.response.object', 'out'],
  ['ai.response.toolCalls', 'out'],
  ['ai.toolCall.result', 'out'],
]);

// Below this length a string is held as it is (cutting it is only ever worth it for long ones).
const HOLD_ANY_BELOW = 2048;

// The AI SDK span standing for each of our spans, to find the parent of a nested one.
const aiSpans = new WeakMap<Span, NoveumAISpan>();

/** The AI SDK span (of an operation still running) that `span` stands for. */
export function aiSpanOf(span: Span | undefined): NoveumAISpan | undefined {
  return span === undefined ? undefined : aiSpans.get(span);
}

function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/** One AI SDK span: collects the SDK's attributes, writes ours on `end()`. */
export class NoveumAISpan {
  private readonly _attributes: AttributeBag;
  // The capture settings as the span starts: they bound what is held of its content until it ends.
  private readonly _capture: CallCapture;
  private readonly _children = new Set<NoveumAISpan>();
  private _ended = false;
  private _statusSet = false;
  private _aborted = false;
  // Why the span was ended by us rather than by the SDK: passed on to its open children.
  private _stoppedWith: { error: unknown; outcome: StopOutcome | undefined } | undefined;
  private _untrack: (() => void) | undefined;

  constructor(
    readonly span: Span,
    private readonly _name: string,
    private readonly _role: SpanRole,
    attributes: AttributeBag,
    private readonly _host: SpanHost,
    private readonly _parent: NoveumAISpan | undefined,
    readonly lent: LentScope | undefined
  ) {
    // A null-prototype object is a dictionary from the start: the SDK adds 10 to 30 keys per span
    // with computed names, and adding them to a fast-mode object costs a map transition (and
    // finally a normalisation) each, tens of µs per call; a dictionary insert costs a hash.
    this._attributes = Object.create(null) as AttributeBag;
    this._capture = resolveCallCapture(_host.capture, getClient().capture);
    for (const key in attributes) this._attributes[key] = this._held(key, attributes[key]);
    _parent?._children.add(this);
    // A lent step shares the scope's span with its operation, which stays the parent of later steps.
    if (lent === undefined || _role.type === 'operation') aiSpans.set(span, this);
  }

  /** Why we ended this span early, once it is ended that way. */
  stoppedWith(): { error: unknown; outcome: StopOutcome | undefined } | undefined {
    return this._ended ? this._stoppedWith : undefined;
  }

  /** Ends the span at shutdown if nobody else does (a stream its caller dropped). */
  trackUntilEnd(): void {
    this._untrack = trackOpenWork(() => this.abandon(undefined, 'abandoned'));
  }

  spanContext(): { traceId: string; spanId: string; traceFlags: number } {
    const c = this.span.spanContext();
    return { traceId: c.traceId, spanId: c.spanId, traceFlags: 1 };
  }

  isRecording(): boolean {
    return !this._ended && this.span.isRecording();
  }

  setAttribute(key: string, value: unknown): this {
    if (!this._ended) this._attributes[key] = this._held(key, value);
    return this;
  }

  setAttributes(attributes: Readonly<Record<string, unknown>> | undefined): this {
    if (this._ended || attributes === null || typeof attributes !== 'object') return this;
    for (const key in attributes) this._attributes[key] = this._held(key, attributes[key]);
    return this;
  }

  /**
   * A content value as it is held until the span ends: a string cut to what its capture reads.
   * The SDK hands over its prompt as JSON (a 100 KB prompt twice: `ai.prompt` on the operation,
   * `ai.prompt.messages` on the step); held whole through the call, each survived the young
   * collections on the way and was promoted, which cost more than the rest of our path.
   */
  private _held(key: string, value: unknown): unknown {
    // A short string is never cut (the limits are 20,000 by default): no look-up per key.
    if (typeof value !== 'string' || value.length <= HOLD_ANY_BELOW) return value;
    const limit = CAPTURED_KEYS.get(key);
    if (limit === undefined) return value;
    return heldForCapture(value, limit === 'in' ? this._capture.maxInputLength : this._capture.maxOutputLength);
  }

  addEvent(name: string, attributes?: unknown): this {
    if (this._ended || this.span.isEnded()) return this;
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
    if (this._ended || status === undefined || status === null || this.span.isEnded()) return this;
    if (status.code === ERROR_CODE) {
      // An abort is how the caller stopped the call, not a failure (as for the other providers).
      if (this._aborted || this._errorIsOthers()) {
        return this;
      }
      this._statusSet = true;
      this.span.setStatus('error', typeof status.message === 'string' ? status.message : undefined);
    } else if (status.code === OK_CODE && this.lent === undefined) {
      this._statusSet = true;
      this.span.setStatus('ok');
    }
    return this;
  }

  recordException(exception: unknown): this {
    if (this._ended || this.span.isEnded()) return this;
    if (isAbortError(exception)) {
      this._aborted = true;
      return this;
    }
    // The operation repeats its failed step's error: the scope's span gets it once.
    if (this.lent !== undefined) {
      if (this._errorIsOthers()) return this;
      this.lent.errorBy = this;
    }
    this.span.recordException(exception);
    if (this._attributes[ATTR_ERROR_TYPE] === undefined) {
      this._attributes[ATTR_ERROR_TYPE] = toRecordedException(exception).type;
    }
    return this;
  }

  private _errorIsOthers(): boolean {
    return this.lent?.errorBy !== undefined && this.lent.errorBy !== this;
  }

  /** Ends the span once: our attributes written first; children the SDK left open are ended too. */
  end(): void {
    if (this._ended) return;
    this._ended = true;
    try {
      // The SDK ends an operation whose model stream is still open only after an abort (it
      // closes the stream then, without ending the step); ours pass on why we stopped.
      const why = this._stoppedWith ?? { error: undefined, outcome: 'aborted' as const };
      for (const child of this._children) child.abandon(why.error, why.outcome);
      if (!this.span.isEnded()) this._write();
    } catch (error) {
      reportInternalError('vercel-ai.end', error);
    } finally {
      this._untrack?.();
      this._parent?._children.delete(this);
      if (this.lent === undefined) this.span.end();
      else if (this._role.type === 'operation') {
        // The scope's span may carry a later operation; this one held the scope's end (a stream
        // outlives the `traceLLM` callback).
        aiSpans.delete(this.span);
        releaseLlmOwner(this.lent.owner);
      }
    }
  }

  private _write(): void {
    const mapped = mapAttributes(this._role, this._attributes, this._capture);
    mapped[ATTR_ERROR_TYPE] = this._attributes[ATTR_ERROR_TYPE];
    if (this.lent !== undefined) {
      // The scope's span keeps its name and type; of the operation only ids and the aggregate remain.
      delete mapped[ATTR_NOVEUM_SPAN_TYPE];
      if (this._role.type === 'operation') for (const key in mapped) if (!keptOnScope(key)) delete mapped[key];
    }
    for (const key in mapped) {
      const value = mapped[key];
      if (value !== undefined && value !== null) this.span.setAttribute(key, value);
    }
    // A stream step whose provider sent an error part ends with finish reason `error` only.
    const failed = this._attributes['ai.response.finishReason'] === 'error';
    const aborted = this._aborted || this._stoppedWith?.outcome === 'aborted';
    if (!this._statusSet && failed && !aborted) this.span.setStatus('error', 'the model stream reported an error');
    // An operation we stopped says how, like its step (the SDK would have left both open).
    if (this._role.stream || this._stoppedWith !== undefined) {
      const outcome = this._stoppedWith?.outcome ?? (aborted ? 'aborted' : failed ? 'error' : 'completed');
      this.span.setAttribute(ATTR_LLM_STREAM_OUTCOME, this._stoppedWith?.error !== undefined ? 'error' : outcome);
    }
    if (this.lent !== undefined) return;
    this.span.updateName(spanName(this._name, this._role, this._attributes));
    if (!this._statusSet && !failed) this.span.setStatus('ok');
  }

  /**
   * Ends a span the SDK will not end itself (its stream was cancelled or failed: vercel/ai
   * #20586), with `error` recorded when there is one.
   */
  abandon(error: unknown, outcome?: StopOutcome): void {
    if (this._ended) return;
    if (error !== undefined && isAbortError(error)) {
      this._stoppedWith = { error: undefined, outcome: 'aborted' };
    } else {
      const stop = outcome ?? (this._host.isAborted() ? 'aborted' : 'cancelled');
      this._stoppedWith = { error, outcome: error === undefined ? stop : undefined };
    }
    if (error !== undefined && this._stoppedWith.outcome === undefined) {
      this.recordException(error);
      this.setStatus({ code: ERROR_CODE, message: error instanceof Error ? error.message : String(error) });
    }
    this.end();
  }
}

/** The span handed to the SDK when nothing is recorded (before `init()`, suppressed, sampled out). */
export const NOOP_SPAN = Object.freeze({
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
