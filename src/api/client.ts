import { getActiveSpan, getActiveSpanIn } from '../context/active-span.js';
import { getActiveContext } from '../context/context-manager.js';
import { ROOT_CONTEXT, type Context } from '../context/context.js';
import { activeParent } from '../context/otel-bridge.js';
import { getBaggage, getRemoteParent } from '../context/remote-context.js';
import type { StartSpanArgs } from '../core/tracer.js';
import { endOpenWork } from '../core/open-work.js';
import { NOOP_SPAN, isRecordingSpan } from '../core/span.js';
import { Tracer } from '../core/tracer.js';
import { toText } from '../core/attributes.js';
import { readForeignParent } from '../core/foreign-parent.js';
import type { Resource, Sampler, Span, SpanKind, TimeInput, TraceProcessor } from '../core/types.js';
import { quote, warnOnce } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { getGlobal } from '../internal/global.js';
import { DEFAULT_CAPTURE } from './config.js';
import type { ResolvedCapture, ResolvedConfig } from './options.js';

/** Options of `startSpan`. */
export interface StartSpanOptions {
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Parent by id; must be a span that is still open. Default: the active span. */
  readonly parentSpanId?: string;
  /** Parent by object; wins over `parentSpanId`. */
  readonly parent?: Span;
  /** Start a new trace even when a span is active. */
  readonly root?: boolean;
  readonly kind?: SpanKind;
  /**
   * When the span started, as epoch milliseconds (`Date.now()`) or a `Date`; default now.
   * An invalid time (NaN, seconds, a year past 2100) is replaced by now, with one warning.
   */
  readonly startTime?: TimeInput;
}

/** The trace the running code belongs to. */
export interface CurrentTrace {
  readonly traceId: string;
  /** The root span's name (the trace's name). */
  readonly name: string;
  /** The local root span, when this process recorded it. */
  readonly rootSpan: Span | undefined;
}

/** What `getClient()` returns: the configured client, or a no-op one before `init()`. */
export interface Client {
  /** False before `init()` and when tracing is disabled. */
  readonly isEnabled: boolean;
  readonly capture: ResolvedCapture;
  startSpan(name: string, options?: StartSpanOptions): Span;
  finishSpan(span: Span, endTime?: TimeInput): void;
  getCurrentSpan(): Span | undefined;
  getCurrentTrace(): CurrentTrace | undefined;
  /** Exports everything finished so far; settles within `timeoutMs`, never rejects. */
  forceFlush(timeoutMs?: number): Promise<void>;
  /** Flushes and stops the pipeline; settles within `timeoutMs`, never rejects. */
  shutdown(timeoutMs?: number): Promise<void>;
}

function currentSpanOrUndefined(): Span | undefined {
  const span = getActiveSpan();
  return span === NOOP_SPAN ? undefined : span;
}

function traceOf(span: Span | undefined): CurrentTrace | undefined {
  if (span === undefined || span === NOOP_SPAN) return undefined;
  if (isRecordingSpan(span)) {
    const root = span._record.root;
    return { traceId: span.traceId, name: root?.name ?? span.name, rootSpan: root };
  }
  // A span of another library made active with withSpan: its own ids say which trace this is.
  const traceId = typeof span.traceId === 'string' ? span.traceId : readForeignParent(span)?.traceId;
  return traceId === undefined ? undefined : { traceId, name: '', rootSpan: undefined };
}

// The ids that travel as W3C baggage and land on the roots of downstream services.
const BAGGAGE_ATTRIBUTES = ['user.id', 'session.id'] as const;

/**
 * A root started inside `continueTrace`: it continues the remote parent (parent-based sampling)
 * and takes `user.id` / `session.id` from the baggage unless the caller set them.
 */
function withRemoteContext(args: StartSpanArgs, ctx: Context): StartSpanArgs {
  // Outside any scope, continued trace or baggage (the common case): nothing to look up.
  if (ctx === ROOT_CONTEXT) return args;
  const remote = getRemoteParent(ctx);
  const baggage = getBaggage(ctx);
  let attributes = args.attributes;
  if (baggage !== undefined && baggage.size > 0) {
    for (const key of BAGGAGE_ATTRIBUTES) {
      const value = baggage.get(key);
      if (value === undefined || (attributes !== undefined && attributes[key] !== undefined)) continue;
      attributes = { ...attributes, [key]: value };
    }
  }
  if (remote === undefined && attributes === args.attributes) return args;
  return { ...args, attributes, remoteParent: remote, parentSampled: remote?.sampled };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A flush or shutdown timeout: a number of milliseconds; anything else is reported once and the default used. */
function toTimeoutMs(value: unknown, fallback: number): number {
  if (typeof value === 'number' && value >= 0) return Math.min(value, MAX_TIMER_MS);
  if (value === undefined) return fallback;
  incrementCounter('misuseWarnings');
  warnOnce(
    'bad-timeout',
    `flush/shutdown: timeoutMs must be a number of milliseconds, got ${quote(value, 40)}; using ${fallback}`
  );
  return fallback;
}

const SHUTDOWN_MARGIN_MS = 250;

/** Settles when `promise` does or after `timeoutMs`, whichever is first; never rejects. */
export function settleWithin(promise: Promise<unknown>, timeoutMs: number, where: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      reportInternalError(where, new Error(`did not finish within ${timeoutMs} ms`));
      resolve();
    }, timeoutMs);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reportInternalError(where, error);
        resolve();
      }
    );
  });
}

/**
 * Calls `call` on every processor and settles when all have; a processor that throws or
 * rejects is reported and does not stop the others from flushing.
 */
function callEach(
  processors: readonly TraceProcessor[],
  where: string,
  call: (p: TraceProcessor) => Promise<void>
): Promise<void> {
  const calls = processors.map((p) => {
    try {
      return call(p);
    } catch (error) {
      return Promise.reject(error);
    }
  });
  return Promise.allSettled(calls).then((results) => {
    for (const r of results) if (r.status === 'rejected') reportInternalError(where, r.reason);
  });
}

/** The client `init()` creates: owns the tracer and the pipeline. */
export class NoveumClient implements Client {
  readonly isEnabled = true;
  readonly tracer: Tracer;
  private _shutdown: Promise<void> | undefined;

  constructor(
    readonly config: ResolvedConfig,
    readonly resource: Resource,
    processors: readonly TraceProcessor[],
    sampler: Sampler
  ) {
    this.tracer = new Tracer(processors, sampler, { maxAttributeLength: config.maxAttributeLength });
  }

  get capture(): ResolvedCapture {
    return this.config.capture;
  }

  startSpan(name: string, options?: StartSpanOptions): Span {
    try {
      const ctx = getActiveContext();
      if (options === undefined || options === null || typeof options !== 'object') {
        const parent = activeParent(getActiveSpanIn(ctx));
        const args = { name: toText(name), parent };
        return this.tracer.startSpan(parent === undefined ? withRemoteContext(args, ctx) : args);
      }
      const implicit = options.parent === undefined && options.root !== true && options.parentSpanId === undefined;
      const parent = options.parent ?? (implicit ? activeParent(getActiveSpanIn(ctx)) : undefined);
      const args: StartSpanArgs = {
        name: toText(name),
        kind: options.kind,
        attributes: options.attributes,
        parent,
        parentSpanId: options.parent === undefined ? options.parentSpanId : undefined,
        startTime: options.startTime,
      };
      return this.tracer.startSpan(implicit && parent === undefined ? withRemoteContext(args, ctx) : args);
    } catch (error) {
      reportInternalError('startSpan', error);
      return NOOP_SPAN;
    }
  }

  finishSpan(span: Span, endTime?: TimeInput): void {
    try {
      if (span === null || typeof span !== 'object' || typeof span.end !== 'function') {
        incrementCounter('misuseWarnings');
        warnOnce('finish-not-a-span', `finishSpan: expected a span from startSpan(), got ${quote(span, 40)}; ignored`);
        return;
      }
      span.end(endTime);
    } catch (error) {
      reportInternalError('finishSpan', error);
    }
  }

  getCurrentSpan(): Span | undefined {
    return currentSpanOrUndefined();
  }

  getCurrentTrace(): CurrentTrace | undefined {
    return traceOf(getActiveSpan());
  }

  forceFlush(timeoutMs = 30_000): Promise<void> {
    timeoutMs = toTimeoutMs(timeoutMs, 30_000);
    return settleWithin(
      callEach(this.tracer.processors, 'forceFlush', (p) => p.forceFlush(timeoutMs)),
      timeoutMs,
      'forceFlush'
    );
  }

  shutdown(timeoutMs = 30_000): Promise<void> {
    timeoutMs = toTimeoutMs(timeoutMs, 30_000);
    // Streams nobody finished reading end now, or their spans could never be exported.
    if (this._shutdown === undefined) endOpenWork();
    // Each processor bounds itself by `timeoutMs` and counts what it could not send before it
    // resolves; the margin keeps this backstop (for a processor that hangs) from cutting that short.
    this._shutdown ??= settleWithin(
      callEach(this.tracer.processors, 'shutdown', (p) => p.shutdown(timeoutMs)),
      timeoutMs + SHUTDOWN_MARGIN_MS,
      'shutdown'
    );
    return this._shutdown;
  }
}

/** The client before `init()` (or with tracing disabled): every call is a cheap no-op. */
export class NoopClient implements Client {
  readonly isEnabled = false;
  readonly capture = DEFAULT_CAPTURE;
  startSpan(): Span {
    return NOOP_SPAN;
  }
  finishSpan(): void {}
  getCurrentSpan(): Span | undefined {
    return currentSpanOrUndefined();
  }
  getCurrentTrace(): CurrentTrace | undefined {
    return traceOf(getActiveSpan());
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const NOOP_CLIENT = new NoopClient();

interface ClientSlot {
  current: Client;
}

// Shared through globalThis so the ESM and CommonJS builds see the same client.
const slot = getGlobal<ClientSlot>('client', () => ({ current: NOOP_CLIENT }));

/**
 * The client `init()` configured, or a no-op client before it.
 *
 * @example
 * ```ts
 * const span = getClient().startSpan('step');
 * getClient().finishSpan(span);
 * ```
 */
export function getClient(): Client {
  return slot.current;
}

/** Replaces the process-wide client; returns the previous one. */
export function setClient(client: Client | undefined): Client {
  const previous = slot.current;
  slot.current = client ?? NOOP_CLIENT;
  return previous;
}
