// Workload 1: span micro-benchmarks. `flat` = create a span, set 6 attributes, end it;
// `nested` = 1 parent + 3 children with an `await` between. Each round is timed as a whole
// (per-op = round time / ops); the export work a round queues is flushed between rounds,
// outside the timing, so these measure the caller's path.
import { median } from '../lib/stats.mjs';

async function timeRound(fn, n, isAsync) {
  const t0 = performance.now();
  if (isAsync) for (let i = 0; i < n; i++) await fn(i);
  else for (let i = 0; i < n; i++) fn(i);
  return (performance.now() - t0) / n;
}

async function measure(sdk, fn, { rounds, roundMs }) {
  const probe = fn(0);
  const isAsync = probe !== undefined && typeof probe.then === 'function';
  if (isAsync) await probe;
  // Warm up (JIT) for about two rounds, and size the rounds from what it shows.
  let n = 64;
  let perOp = await timeRound(fn, n, isAsync);
  for (let spent = 0; spent < roundMs * 2; spent += perOp * n) {
    n = Math.min(n * 2, 1 << 20);
    perOp = await timeRound(fn, n, isAsync);
  }
  await sdk.flush();
  const opsPerRound = Math.max(16, Math.round(roundMs / perOp));
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    samples.push((await timeRound(fn, opsPerRound, isAsync)) * 1000); // µs
    await sdk.flush();
  }
  return { medianUs: median(samples), minUs: Math.min(...samples), samples, opsPerRound, async: isAsync };
}

/** Runs `flat` and `nested` for one SDK; returns µs per operation. */
export async function runMicroSuite(sdk, options) {
  const flat = await measure(sdk, sdk.flat, options);
  const nested = await measure(sdk, sdk.nested, options);
  return { flat, nested, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 };
}
