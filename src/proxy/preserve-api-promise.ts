/**
 * Observes an SDK `APIPromise` (openai-node and other Stainless-generated clients) without
 * replacing it: the caller gets the same object, with `.withResponse()`, `.asResponse()` and
 * `_thenUnwrap()` intact. We hook the instance's own `parseResponse`, which runs only when the
 * caller asks for the parsed body, so we never read a body the caller did not ask for.
 */
import { reportInternalError } from '../diag/internal-errors.js';

/** What the observer hears about one request. Callbacks must not throw (failures are reported, not raised). */
export interface ApiPromiseObserver {
  /** The parsed value (a `Stream` for streamed calls) just before the caller receives it. */
  onParsed(value: unknown, response: ResponseLike | undefined): void;
  /** The request or the parsing failed; the caller receives this same error. */
  onError(error: unknown): void;
  /** The caller took the raw `Response` via `.asResponse()` without parsing: the body is theirs. */
  onRawResponse(response: ResponseLike | undefined): void;
}

/** The part of a fetch `Response` we read (status and headers only, never the body). */
export interface ResponseLike {
  readonly status?: number;
  readonly headers?: { get(name: string): string | null };
}

interface ApiPromiseShape {
  _thenUnwrap?: (transform: unknown) => unknown;
  parseResponse: (client: unknown, props: { response?: ResponseLike }) => unknown;
  responsePromise: PromiseLike<unknown>;
  asResponse: () => Promise<unknown>;
  parsedPromise?: unknown;
}

const NOOP = (): void => {};

function guard(where: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportInternalError(where, error);
  }
}

/** True for objects shaped like a Stainless `APIPromise`. */
export function isApiPromise(value: unknown): boolean {
  const v = value as Partial<ApiPromiseShape> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.parseResponse === 'function' &&
    typeof (v.responsePromise as { then?: unknown } | undefined)?.then === 'function' &&
    typeof v.asResponse === 'function'
  );
}

/**
 * Attaches `observer` to `promise` and returns the same object. For anything that is not an
 * `APIPromise` but is a thenable, the observer is attached on a side chain instead.
 */
export function observeApiPromise<P>(promise: P, observer: ApiPromiseObserver): P {
  try {
    if (isApiPromise(promise)) hookApiPromise(promise as unknown as ApiPromiseShape, observer);
    else if (typeof (promise as { then?: unknown } | null)?.then === 'function') {
      (promise as PromiseLike<unknown>).then(
        (value) => guard('observeApiPromise.value', () => observer.onParsed(value, undefined)),
        (error: unknown) => guard('observeApiPromise.error', () => observer.onError(error))
      );
    } else guard('observeApiPromise.value', () => observer.onParsed(promise, undefined));
  } catch (error) {
    reportInternalError('observeApiPromise', error);
  }
  return promise;
}

function hookApiPromise(p: ApiPromiseShape, observer: ApiPromiseObserver): void {
  hookParse(p, observer);
  // HTTP and network errors reject the response promise before any parsing happens.
  p.responsePromise.then(NOOP, (error: unknown) => guard('observeApiPromise.error', () => observer.onError(error)));
  hookAsResponse(p, observer);
  // SDK helpers (`parse()`) derive a new APIPromise that may parse through a closure rather than
  // through our instance: observe the derived promise too (the observer ignores repeats).
  const originalThenUnwrap = p._thenUnwrap;
  if (typeof originalThenUnwrap === 'function') {
    p._thenUnwrap = function observedThenUnwrap(this: unknown, transform: unknown) {
      const derived = originalThenUnwrap.call(this, transform);
      if (isApiPromise(derived)) {
        try {
          hookParse(derived as ApiPromiseShape, observer);
          hookAsResponse(derived as ApiPromiseShape, observer);
        } catch (error) {
          reportInternalError('observeApiPromise.thenUnwrap', error);
        }
      }
      return derived;
    };
  }
}

function hookParse(p: ApiPromiseShape, observer: ApiPromiseObserver): void {
  const originalParse = p.parseResponse;
  p.parseResponse = function observedParseResponse(this: unknown, client, props) {
    let result: unknown;
    try {
      result = originalParse.call(this, client, props);
    } catch (error) {
      guard('observeApiPromise.error', () => observer.onError(error));
      throw error;
    }
    // A side reaction registered before the SDK adopts `result`: it runs first, adds no tick to
    // the caller's chain, and handles its own rejection so nothing is left unhandled.
    Promise.resolve(result).then(
      (value) => guard('observeApiPromise.value', () => observer.onParsed(value, props?.response)),
      (error: unknown) => guard('observeApiPromise.error', () => observer.onError(error))
    );
    return result;
  };
}

function hookAsResponse(p: ApiPromiseShape, observer: ApiPromiseObserver): void {
  const originalAsResponse = p.asResponse;
  p.asResponse = function observedAsResponse(this: ApiPromiseShape) {
    // `.withResponse()` parses first, then asks for the response: only a bare `.asResponse()` lands here unparsed.
    const parseRequested = this.parsedPromise !== undefined;
    const raw = originalAsResponse.call(this);
    if (!parseRequested) {
      raw.then(
        (response) => guard('observeApiPromise.raw', () => observer.onRawResponse(response as ResponseLike)),
        NOOP
      );
    }
    return raw;
  };
}
