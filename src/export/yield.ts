import { performance } from 'node:perf_hooks';

/** Longest stretch of export work between two yields to the event loop. */
const SLICE_MS = 2;

// One clock for every export step (redaction, serialisation, encoding), so steps
// that follow each other through microtasks never add their slices together.
let sliceStart = 0;

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
 * Maps `items` with `fn`, yielding to the event loop whenever a slice of work passes
 * a few ms, so redacting a large batch never stalls the host app's requests.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) {
    await pauseIfBusy();
    out.push(fn(item));
  }
  return out;
}
