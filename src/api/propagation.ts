import { getActiveContext, withContext } from '../context/context-manager.js';
import { setRemoteContext, type RemoteContext } from '../context/remote-context.js';
import { quote, warnOnce } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { parseBaggage } from '../propagation/baggage.js';
import { readHeaderValues, writeHeader } from '../propagation/carrier.js';
import { currentPropagationHeaders } from '../propagation/current-context.js';
import { parseTraceparent, parseTracestate } from '../propagation/trace-context.js';

/** Headers in any shape: Node's `IncomingHttpHeaders`, a Fetch `Headers`, a `Map` or a plain object. */
export type HeaderCarrier = object;

/** The trace context another process sent (see `extractTraceContext`). */
export interface ExtractedTraceContext {
  /** 32 lowercase hex characters. */
  readonly traceId: string;
  /** The sender's span: the parent of spans started here. */
  readonly spanId: string;
  /** Whether the sender recorded the trace (`-01`); spans here follow that decision. */
  readonly sampled: boolean;
  readonly traceState: string | undefined;
  /** Decoded W3C baggage entries (`user.id`, `session.id`, …). */
  readonly baggage: Readonly<Record<string, string>>;
}

interface Extracted extends RemoteContext {
  readonly baggage: Map<string, string>;
}

function extract(headers: unknown): Extracted {
  const values = readHeaderValues(headers, 'traceparent');
  // Two traceparent headers disagree about the parent: the spec says to ignore both.
  const parent = values.length === 1 ? parseTraceparent(values[0]) : undefined;
  const traceState =
    parent === undefined ? undefined : parseTracestate(readHeaderValues(headers, 'tracestate').join(','));
  const baggage = parseBaggage(readHeaderValues(headers, 'baggage').join(','));
  return { parent: parent === undefined ? undefined : { ...parent, traceState }, baggage };
}

/**
 * Reads W3C `traceparent`, `tracestate` and `baggage` from incoming headers. Returns undefined
 * when there is no valid `traceparent` (malformed, all-zero ids, uppercase hex, repeated).
 * Never throws.
 *
 * @example
 * ```ts
 * const remote = extractTraceContext(message.headers);
 * if (remote?.sampled === false) console.log('upstream sampled this trace out');
 * ```
 */
export function extractTraceContext(headers: HeaderCarrier): ExtractedTraceContext | undefined {
  try {
    const { parent, baggage } = extract(headers);
    if (parent === undefined) return undefined;
    return { ...parent, traceState: parent.traceState, baggage: Object.fromEntries(baggage) };
  } catch (error) {
    reportInternalError('extractTraceContext', error);
    return undefined;
  }
}

/**
 * Runs `fn` in the trace another process sent: the first span started inside (with no span
 * active) continues that trace, as a child of the sender's span, and follows its sampling
 * decision; `user.id` and `session.id` from the baggage land on it. Malformed or missing
 * headers start a fresh trace. `fn`'s value is returned as is and its errors pass through.
 *
 * @example
 * ```ts
 * http.createServer((req, res) =>
 *   continueTrace(req.headers, () => traceOperation('handle', () => handle(req, res)))
 * );
 * ```
 */
export function continueTrace<R>(headers: HeaderCarrier, fn: () => R): R {
  if (typeof fn !== 'function') {
    incrementCounter('misuseWarnings');
    warnOnce(
      'continue-trace-no-fn',
      `continueTrace: the second argument must be a function, got ${quote(fn, 40)}; nothing was run`
    );
    return undefined as R;
  }
  let ctx;
  try {
    ctx = setRemoteContext(getActiveContext(), extract(headers));
  } catch (error) {
    reportInternalError('continueTrace', error);
    return fn();
  }
  return withContext(ctx, fn);
}

/**
 * Writes the active trace's `traceparent` (and `tracestate`, `baggage`) onto `carrier`, for
 * queues and transports the automatic HTTP propagation does not see. Headers already present
 * are left alone; nothing is written when no span is active. Returns `carrier`.
 *
 * @example
 * ```ts
 * await queue.send({ body, headers: injectTraceContext({}) });
 * ```
 */
export function injectTraceContext<C extends HeaderCarrier>(carrier: C): C {
  try {
    const headers = currentPropagationHeaders();
    if (headers === undefined) return carrier;
    if (!writeHeader(carrier, 'traceparent', headers.traceparent)) return carrier;
    if (headers.tracestate !== undefined) writeHeader(carrier, 'tracestate', headers.tracestate);
    if (headers.baggage !== undefined) writeHeader(carrier, 'baggage', headers.baggage);
  } catch (error) {
    reportInternalError('injectTraceContext', error);
  }
  return carrier;
}
