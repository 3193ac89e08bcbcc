import { performance } from 'node:perf_hooks';

/** Longest stretch of export work between two yields to the event loop. */
const SLICE_MS = 4;

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Maps `items` with `fn`, yielding to the event loop whenever a slice of work passes
 * a few ms, so serialising a large batch never stalls the host app's requests.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  let sliceStart = performance.now();
  for (const item of items) {
    out.push(fn(item));
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return out;
}
