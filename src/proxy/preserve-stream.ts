/**
 * Observes an SDK `Stream` as the caller reads it, without replacing it. The Stream's own
 * `iterator` factory is swapped on that instance, so `for await`, `tee()`,
 * `toReadableStream()` and `controller` keep working and every chunk we see is one the
 * caller (or a branch of its `tee()`) pulled. Nothing is read ahead.
 */
import { now } from '../core/clock.js';
import { trackOpenWork } from '../core/open-work.js';
import { reportInternalError } from '../diag/internal-errors.js';

/**
 * How a stream ended without an error. `abandoned`: the caller stopped reading without `break`
 * or `abort()`, and the stream was ended at shutdown or process exit.
 */
export type StreamOutcome = 'completed' | 'cancelled' | 'aborted' | 'abandoned';

/** Callbacks for one stream; `onEnd`/`onError` fire exactly once between them. */
export interface StreamObserver {
  onChunk(chunk: unknown): void;
  /** `endTime` (epoch ms) is given when the stream ended earlier than now (an abandoned stream). */
  onEnd(outcome: StreamOutcome, endTime?: number): void;
  onError(error: unknown): void;
}

interface StreamShape {
  iterator: (...args: unknown[]) => AsyncIterator<unknown>;
  controller?: {
    signal?: {
      aborted?: boolean;
      addEventListener?: (type: 'abort', fn: () => void, options: { once: boolean }) => void;
    };
  };
}

/** True for objects shaped like a Stainless `Stream` (an `iterator` factory and an abort controller). */
export function isSdkStream(value: unknown): boolean {
  const v = value as Partial<StreamShape> | null;
  return typeof v === 'object' && v !== null && typeof v.iterator === 'function' && typeof v.controller === 'object';
}

/**
 * Ends `observer` once, and tracks it as open work until then (ended at shutdown or exit). A
 * class rather than closures: optimised code inlines `touch`, which runs once per chunk.
 */
class Settler {
  private _settled = false;
  private _lastActivity = now();
  private _reads = 0;
  private readonly _untrack: () => void;

  constructor(observer: StreamObserver) {
    // Ended at shutdown or exit unless it settles first, so a stream nobody finishes is not lost.
    this._untrack = trackOpenWork(() => this.settle(() => observer.onEnd('abandoned', this._lastActivity)));
  }

  settle(fn: () => void): void {
    if (this._settled) return;
    this._settled = true;
    this._untrack();
    guard('observeStream.end', fn);
  }

  /**
   * A chunk was read. The clock is read on the first chunk and every 16th after it, not on every
   * chunk: the time is only used as the end of a stream the caller stopped reading, where a few
   * chunks' time is noise.
   */
  touch(): void {
    if ((this._reads++ & 15) === 0) this._lastActivity = now();
  }
}

/** Attaches `observer` to `stream` and returns the same object. */
export function observeStream<S>(stream: S, observer: StreamObserver): S {
  try {
    const s = stream as unknown as StreamShape;
    const original = s.iterator;
    const settler = new Settler(observer);
    const aborted = (): boolean => s.controller?.signal?.aborted === true;
    s.iterator = function observedIterator(this: unknown, ...args: unknown[]) {
      const inner = original.apply(this, args);
      return observeIterator(inner, observer, settler, aborted);
    };
    endOnAbort(s, () => settler.settle(() => observer.onEnd('aborted')));
  } catch (error) {
    reportInternalError('observeStream', error);
  }
  return stream;
}

/**
 * A stream aborted before (or without) being read never reaches the iterator, so its span would
 * stay open. The SDK also aborts its controller itself on `break` and on a mid-stream error, and
 * those paths settle first with their own outcome: waiting one macrotask lets them win.
 */
function endOnAbort(s: StreamShape, onAbort: () => void): void {
  const signal = s.controller?.signal;
  if (typeof signal?.addEventListener !== 'function') return;
  signal.addEventListener('abort', () => void setImmediate(onAbort), { once: true });
}

function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown; constructor?: { name?: unknown } } | null)?.constructor?.name;
  return (error as { name?: unknown } | null)?.name === 'AbortError' || name === 'APIUserAbortError';
}

function guard(where: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportInternalError(where, error);
  }
}

function observeIterator(
  inner: AsyncIterator<unknown>,
  observer: StreamObserver,
  settler: Settler,
  aborted: () => boolean
): AsyncIterator<unknown> & AsyncIterable<unknown> {
  const onError = (error: unknown): void =>
    settler.settle(() => (aborted() && isAbortError(error) ? observer.onEnd('aborted') : observer.onError(error)));
  // Made once per iterator, not per chunk: a stream of 500 chunks runs this 500 times.
  const onStep = (r: IteratorResult<unknown>): void => {
    settler.touch();
    if (r.done === true) settler.settle(() => observer.onEnd(aborted() ? 'aborted' : 'completed'));
    else {
      try {
        observer.onChunk(r.value);
      } catch (error) {
        reportInternalError('observeStream.chunk', error);
      }
    }
  };
  // Read once, as `for await` reads it: an SDK makes its generator function per stream, so each
  // stream's generator has a map of its own and `inner.next` per chunk is a megamorphic load.
  const innerNext = inner.next;
  const wrapped = {
    // `arguments`, not a rest parameter: no array per chunk; `next()` and `next(v)` stay distinct.
    next(value?: unknown): Promise<IteratorResult<unknown>> {
      let step: Promise<IteratorResult<unknown>>;
      try {
        step = arguments.length === 0 ? innerNext.call(inner) : innerNext.call(inner, value);
      } catch (error) {
        onError(error);
        throw error;
      }
      // Side reaction, registered before the caller's: chunk data is recorded before the caller
      // resumes. A native promise (an async generator's) needs no adopting by Promise.resolve.
      (step instanceof Promise ? step : Promise.resolve(step)).then(onStep, onError);
      return step;
    },
    return(value?: unknown): Promise<IteratorResult<unknown>> {
      settler.settle(() => observer.onEnd(aborted() ? 'aborted' : 'cancelled'));
      return inner.return ? inner.return(value) : Promise.resolve({ done: true, value });
    },
    throw(error?: unknown): Promise<IteratorResult<unknown>> {
      settler.settle(() => observer.onError(error));
      return inner.throw ? inner.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  return wrapped;
}

/** The part of an `AbortSignal` the iterable observer reads. */
export interface AbortSignalLike {
  readonly aborted?: boolean;
  addEventListener?(type: 'abort', fn: () => void, options: { once: boolean }): void;
}

/**
 * Observes a plain async iterable the caller reads (an async generator, an AWS event stream),
 * without replacing it: for an object that is its own iterator (a generator) its `next`,
 * `return` and `throw` are overridden on that instance, so both `for await` and manual `next()`
 * are seen; otherwise its `Symbol.asyncIterator` is. `signal` is the abort signal the caller
 * passed with the request, if any: an abort ends the span as `aborted`, not as an error.
 *
 * @returns the same object
 */
export function observeAsyncIterable<S>(iterable: S, observer: StreamObserver, signal?: AbortSignalLike): S {
  try {
    const target = iterable as unknown as Record<PropertyKey, unknown>;
    const settler = new Settler(observer);
    const aborted = (): boolean => signal?.aborted === true;
    if (typeof target['next'] === 'function') {
      const own = target as unknown as AsyncIterator<unknown>;
      const inner: AsyncIterator<unknown> = {
        next: own.next.bind(own),
        ...(typeof own.return === 'function' ? { return: own.return.bind(own) } : {}),
        ...(typeof own.throw === 'function' ? { throw: own.throw.bind(own) } : {}),
      };
      const observed = observeIterator(inner, observer, settler, aborted);
      for (const key of ['next', 'return', 'throw'] as const) {
        Object.defineProperty(target, key, { value: observed[key], writable: true, configurable: true });
      }
    } else {
      const original = target[Symbol.asyncIterator] as () => AsyncIterator<unknown>;
      Object.defineProperty(target, Symbol.asyncIterator, {
        value: function observedAsyncIterator(this: unknown) {
          return observeIterator(original.call(this), observer, settler, aborted);
        },
        writable: true,
        configurable: true,
      });
    }
    if (typeof signal?.addEventListener === 'function') {
      signal.addEventListener('abort', () => void setImmediate(() => settler.settle(() => observer.onEnd('aborted'))), {
        once: true,
      });
    }
  } catch (error) {
    reportInternalError('observeAsyncIterable', error);
  }
  return iterable;
}
