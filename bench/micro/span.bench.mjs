// Workload 1: span micro-benchmarks. `flat` = create a span, set 6 attributes, end it;
// `nested` = 1 parent + 3 children with an `await` between. A round is timed in slices of at
// most SLICE_SPANS spans (flat: 1,000 operations, nested: 250), and the SDK is flushed between
// slices, outside the timing: the per-op figure is the slices' summed time / operations. A
// round timed in one piece would queue some 100,000 spans without yielding, and every export
// queue (2,048 traces or spans) would refuse almost all of them, so the figure would measure the
// drop path. The SDK's counters are read around every round: a round that dropped a span, or
// exported fewer than it produced, is invalid, and its line shows no figure.
import { median } from '../lib/stats.mjs';

/** Spans per slice: well under every SDK's default queue bound (2,048). */
export const SLICE_SPANS = 1000;
const FLUSH_LIMIT_MS = 10_000;

/**
 * The SDK's flush, then the exports still in flight where the adapter can tell (`settled`), bounded:
 * a flush that never settles is an error, not a hung run.
 */
async function flushWithin(sdk) {
  let timer;
  const limit = new Promise((resolve) => (timer = setTimeout(() => resolve(false), FLUSH_LIMIT_MS)));
  const flushed = async () => {
    await sdk.flush();
    await sdk.settled?.();
    return true;
  };
  const ok = await Promise.race([flushed(), limit]);
  clearTimeout(timer);
  if (!ok) throw new Error(`flush did not settle within ${FLUSH_LIMIT_MS / 1000} s`);
}

/** Times `n` operations in slices of `sliceOps`, flushing between them; returns µs per op. */
async function timeRound(sdk, fn, n, isAsync, sliceOps) {
  let ms = 0;
  for (let done = 0; done < n;) {
    const end = Math.min(n, done + sliceOps);
    const t0 = performance.now();
    if (isAsync) for (let i = done; i < end; i++) await fn(i);
    else for (let i = done; i < end; i++) fn(i);
    ms += performance.now() - t0;
    done = end;
    await flushWithin(sdk);
  }
  return (ms * 1000) / n;
}

/** The SDK's counters (or undefined), and the round's invalid reason from two readings. */
const read = (sdk) => sdk.counters?.();
function invalidReason(c0, c1, expected) {
  if (c0 === undefined || c1 === undefined) return undefined;
  const dropped = c1.dropped - c0.dropped;
  const exported = c1.exported - c0.exported;
  if (dropped > 0) return `${dropped} dropped`;
  if (expected !== undefined && exported !== expected) return `${exported} of ${expected} exported`;
  return undefined;
}

/** What one operation exports (traces or spans, as the SDK counts), from one flushed operation. */
async function exportedPerOp(sdk, fn, isAsync) {
  const c = read(sdk);
  const one = fn(0);
  if (isAsync) await one;
  await flushWithin(sdk);
  return c && read(sdk).exported - c.exported;
}

/** JIT warm-up for about two rounds; returns its operations and the last µs per op (sizes rounds). */
async function warmUp(sdk, fn, isAsync, sliceOps, roundMs) {
  let ops = 64;
  let n = 64;
  let perOpUs = await timeRound(sdk, fn, n, isAsync, sliceOps);
  for (let spent = 0; spent < roundMs * 1000 * 2; spent += perOpUs * n) {
    n = Math.min(n * 2, 1 << 20);
    perOpUs = await timeRound(sdk, fn, n, isAsync, sliceOps);
    ops += n;
  }
  return { ops, perOpUs };
}

async function measure(sdk, fn, { rounds, roundMs, sliceSpans = SLICE_SPANS }) {
  const probe = fn(0);
  const isAsync = probe !== undefined && typeof probe.then === 'function';
  if (isAsync) await probe;
  await flushWithin(sdk);
  const perOp = await exportedPerOp(sdk, fn, isAsync);
  // A nested operation is 4 spans. sliceSpans 0: a round in one piece (the old method, to show
  // what it measured).
  const sliceOps = sliceSpans > 0 ? Math.max(1, Math.floor(sliceSpans / (isAsync ? 4 : 1))) : Infinity;
  const invalid = [];
  const check = (label, c0, n) => {
    const why = invalidReason(c0, read(sdk), perOp === undefined ? undefined : perOp * n);
    if (why) invalid.push(`${label}: ${why}`);
  };
  const w0 = read(sdk);
  const warm = await warmUp(sdk, fn, isAsync, sliceOps, roundMs);
  check('warm-up', w0, warm.ops);
  const opsPerRound = Math.max(16, Math.round((roundMs * 1000) / warm.perOpUs));
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = read(sdk);
    samples.push(await timeRound(sdk, fn, opsPerRound, isAsync, sliceOps));
    check(`round ${r + 1}`, c0, opsPerRound);
  }
  return {
    medianUs: median(samples),
    minUs: Math.min(...samples),
    samples,
    opsPerRound,
    sliceOps: Number.isFinite(sliceOps) ? sliceOps : opsPerRound,
    async: isAsync,
    exportedPerOp: perOp,
    invalid,
  };
}

/** Runs `flat` and `nested` for one SDK; returns µs per operation. */
export async function runMicroSuite(sdk, options) {
  const flat = await measure(sdk, sdk.flat, options);
  const nested = await measure(sdk, sdk.nested, options);
  return { flat, nested, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 };
}
