import { performance } from 'node:perf_hooks';

/**
 * Longest stretch of export work between two yields to the event loop. 1 ms keeps the export's
 * share of the worst event-loop gap under 1 ms (2 ms added ~1.2 ms at 100 KB); a yield costs a
 * few µs, far below a slice.
 */
const SLICE_MS = 1;

// One clock for every export step (redaction, serialisation, encoding), so steps
// that follow each other through microtasks never add their slices together.
let sliceStart = 0;

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** True once the current slice of export work has run long: `pauseIfBusy` would yield. */
export function sliceIsLong(): boolean {
  return performance.now() - sliceStart > SLICE_MS;
}

/**
 * Resolves at once while the current slice of export work is short, else on the
 * next turn. The first call after idle time yields too, so export work never
 * runs inside a turn the host app started.
 */
export async function pauseIfBusy(): Promise<void> {
  if (performance.now() - sliceStart <= SLICE_MS) return;
  await yieldToEventLoop();
  sliceStart = performance.now();
}

/**
 * Runs a generator of export work (redaction steps) to its end, pausing at its `yield`s
 * whenever the current slice has run long: a 5 MB attribute or a trace of 300 large spans
 * is then many short turns, not one long one.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  let r = steps.next();
  while (r.done !== true) {
    // Checked first: awaiting an async call that would not pause costs microtask turns per step.
    if (sliceIsLong()) await pauseIfBusy();
    r = steps.next();
  }
  return r.value;
}
