/**
 * Spans whose end depends on the caller (a stream it may stop reading without `break` or
 * `abort()`) register how to end them early. Shutdown and the exit flush call every one, so
 * such a span is exported with what was seen instead of being lost with the process.
 */
import { reportInternalError } from '../diag/internal-errors.js';
import { getGlobal } from '../internal/global.js';

type EndFn = () => void;

// Bounds memory in a long-running app that abandons streams: past this, new ones are not tracked.
const MAX_TRACKED = 10_000;
const noop = (): void => undefined;

// Shared through globalThis so shutdown() from either build ends work tracked by the other.
const tracked = getGlobal<Set<EndFn>>('open-work', () => new Set());

/**
 * Tracks one piece of open work until the returned function is called.
 *
 * @param end - ends the work early; called at most once, by {@link endOpenWork}
 * @returns a function that stops tracking (call it when the work ends by itself)
 */
export function trackOpenWork(end: EndFn): () => void {
  if (tracked.size >= MAX_TRACKED) return noop;
  tracked.add(end);
  return () => void tracked.delete(end);
}

/** Ends every tracked piece of work now (at shutdown or process exit). Never throws. */
export function endOpenWork(): void {
  for (const end of [...tracked]) {
    tracked.delete(end);
    try {
      end();
    } catch (error) {
      reportInternalError('endOpenWork', error);
    }
  }
}
