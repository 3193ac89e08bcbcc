// Workload 2: paired rounds. In one process, rounds of the same calls through an untraced
// client (A) and a traced client (B) alternate ABBA, so drift on a shared machine hits both
// alike; each adjacent A/B pair gives one difference. A traced round ends with `await flush()`,
// so it pays for the export of the spans it produced, and the transport lets the event loop turn
// once per call as a socket would. A round is valid only if its spans were all exported and none
// dropped (read from the SDK's own counters where it has them, else from the sink).
import { readdirSync, readFileSync } from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { resultSink } from '../lib/stats.mjs';
import { progress } from './client.bench.mjs';
import { WARM_ROUND_FACTOR, warmBlocks, warmRounds } from '../lib/warmup.mjs';

async function callOnce(client, request) {
  const res = await client.chat.completions.create(request);
  if (request.stream) {
    for await (const chunk of res) resultSink.consume(chunk.choices.length);
  } else resultSink.consume(res.choices[0].message.content.length);
}

const FLUSH_LIMIT_MS = 10_000;

/** The SDK's flush, bounded: a flush that never settles makes the round invalid, not the run hang. */
async function flushWithin(flush) {
  let timer;
  const limit = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), FLUSH_LIMIT_MS)));
  const outcome = await Promise.race([flush().then(() => 'ok'), limit]);
  clearTimeout(timer);
  return outcome === 'ok';
}

const TASKS = '/proc/self/task';

/**
 * CPU time in µs of every thread but the main one (Linux schedstat, ns resolution), or undefined
 * where /proc is missing. The main thread's share is then all threads (`process.cpuUsage`, exact
 * for the running thread) minus this: the main thread's own schedstat is only brought up to date
 * at scheduler ticks, so reading it directly while it runs lags by up to a tick.
 */
function otherThreadsCpuUs() {
  try {
    let ns = 0;
    for (const tid of readdirSync(TASKS)) {
      if (tid === String(process.pid)) continue;
      try {
        ns += Number(readFileSync(`${TASKS}/${tid}/schedstat`, 'latin1').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read; its time is in neither reading.
      }
    }
    return ns / 1000;
  } catch {
    return undefined;
  }
}

function cpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function sinkRequests(sinkUrl) {
  if (sinkUrl === undefined) return undefined;
  const res = await fetch(`${sinkUrl}/__stats`);
  return (await res.json()).requests;
}

/**
 * One timed round of `calls` calls; the traced round ends with the SDK's flush. Counters and
 * the sink are read outside the timed part.
 */
async function round(
  side,
  { client, request, calls, flush, enter, counters, sinkUrl, loop, call = callOnce, label = '' }
) {
  progress.step = `paired rounds: ${side}${label} round of ${calls} calls`;
  const c0 = counters?.();
  const s0 = side === 'B' ? await sinkRequests(sinkUrl) : undefined;
  loop.reset();
  const others0 = otherThreadsCpuUs();
  const cpu0 = cpuUs();
  const t0 = performance.now();
  const body = async () => {
    for (let i = 0; i < calls; i++) await call(client, request);
  };
  await (enter ? enter(body) : body());
  let flushed = true;
  if (flush) {
    progress.step += ', flush';
    flushed = await flushWithin(flush);
  }
  const wall = (performance.now() - t0) * 1000;
  const cpu = cpuUs() - cpu0;
  const others1 = otherThreadsCpuUs();
  const gapMs = loop.max / 1e6;
  const c1 = counters?.();
  progress.step += ', sink stats';
  const s1 = side === 'B' ? await sinkRequests(sinkUrl) : undefined;
  return {
    wallUs: wall / calls,
    cpuUs: cpu / calls,
    mainUs: others1 === undefined || others0 === undefined ? undefined : (cpu - (others1 - others0)) / calls,
    gapMs,
    exported: c1 ? c1.exported - c0.exported : undefined,
    dropped: c1 ? c1.dropped - c0.dropped : undefined,
    sinkRequests: s1 === undefined ? undefined : s1 - s0,
    flushTimedOut: flushed ? undefined : true,
  };
}

/** Why a traced round is invalid (a string), or undefined when it is valid. */
function invalidReason(r, expected, checkSink) {
  if (r.flushTimedOut) return `flush did not settle within ${FLUSH_LIMIT_MS / 1000} s`;
  if (r.dropped > 0) return `${r.dropped} dropped`;
  if (expected !== undefined && r.exported !== expected) return `${r.exported} of ${expected} exported`;
  if (checkSink && !(r.sinkRequests > 0)) return 'nothing reached the sink';
  return undefined;
}

/** Why an untraced round is invalid: the "untraced" client must produce nothing. */
function leakReason(r) {
  return r.exported > 0 || r.dropped > 0 ? `untraced round exported ${r.exported}, dropped ${r.dropped}` : undefined;
}

/** The order of the sides in pair `p`: A B, B A, A B, … (ABBA across consecutive pairs). */
const orderOf = (p) => (p % 2 === 0 ? ['A', 'B'] : ['B', 'A']);

/**
 * The warm-up: `rounds` rounds per side, ABBA like the measured pairs, each of `opts.calls` calls
 * and flushed like them (so the queue bounds hold and the export path warms up too). Any round
 * that dropped spans or whose flush did not settle makes the warm-up, and so the fixture, invalid.
 * Returns the last round of each side, the first problem, and the cost per block of rounds.
 */
async function warmUp(a, b, opts, rounds) {
  const seen = { A: [], B: [] };
  let problem;
  for (let p = 0; p < rounds; p++) {
    for (const side of orderOf(p)) {
      const s = side === 'A' ? a : b;
      const label = ` warm-up ${p + 1}/${rounds}`;
      const r = await round(side, { ...opts, client: s.client, flush: s.flush, enter: s.enter, label });
      seen[side].push({ ...r, calls: opts.calls });
      const traced = side === 'A' ? a.traced : b.traced !== false;
      const why = traced ? invalidReason(r, undefined, false) : leakReason(r);
      if (why !== undefined && problem === undefined) problem = `${side} round ${p + 1}: ${why}`;
    }
  }
  return { lastA: seen.A.at(-1), lastB: seen.B.at(-1), problem, blocks: warmBlocks(seen.A, seen.B) };
}

/**
 * Runs the warm-up, then `pairs` ABBA pairs for one fixture. `a` and `b` are { client, flush? }
 * sides; `call` makes one call and consumes its answer (default: an OpenAI chat completion);
 * `warmRounds` is the number of warm-up rounds per side (`warmRounds(key)` of the fixture, the
 * default's when left out: every workload warms up alike). Returns every
 * round (for the runner to pool across processes), the per-pair B − A differences and the
 * warm-up's cost per block.
 */
export async function pairedRounds(options) {
  const { a, b, request, calls, pairs, counters, unit, sinkUrl: sink, call } = options;
  const warm = options.warmRounds ?? warmRounds();
  // The sink is asked (between rounds, untimed) only for an SDK without counters of its own.
  const sinkUrl = b.checkSink && counters === undefined ? sink : undefined;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const opts = { request, calls, counters, loop, call, sinkUrl };
  const warmCalls = calls * WARM_ROUND_FACTOR;
  const t0 = performance.now();
  const w = await warmUp(a, b, { ...opts, calls: warmCalls, sinkUrl: undefined }, warm);
  const warmMs = Math.round(performance.now() - t0);
  // Spans (or traces) per call, as the SDK's own counters see them after one flushed round.
  const perCall = w.lastB.exported === undefined ? undefined : w.lastB.exported / warmCalls;
  const warmInvalid =
    w.problem ??
    (perCall !== undefined && !(Number.isInteger(perCall) && perCall > 0)
      ? `${w.lastB.exported} ${unit} exported for ${warmCalls} calls`
      : undefined);
  const expected = warmInvalid === undefined && perCall !== undefined ? perCall * calls : undefined;
  // A traced A side (both sides record, B adds one feature): A too must export what it produced.
  const expectedA = a.traced && w.lastA.exported !== undefined ? (w.lastA.exported / warmCalls) * calls : undefined;
  const rounds = [];
  for (let p = 0; p < pairs; p++) {
    const pair = {};
    for (const side of orderOf(p)) {
      const s = side === 'A' ? a : b;
      pair[side] = await round(side, { ...opts, client: s.client, flush: s.flush, enter: s.enter });
    }
    pair.B.invalid = b.traced === false ? undefined : invalidReason(pair.B, expected, sinkUrl !== undefined);
    pair.A.invalid = a.traced ? invalidReason(pair.A, expectedA, false) : leakReason(pair.A);
    rounds.push(pair);
  }
  loop.disable();
  return {
    calls,
    unit,
    perCall,
    warmInvalid,
    warmup: { calls: warm * warmCalls, ms: warmMs, blocks: w.blocks },
    rounds,
  };
}

/** Calls per round per fixture: rounds of a few ms, flushed one by one. */
export const ROUND_CALLS = { '1k': 25, '100k': 8, stream: 3 };

/**
 * Every fixture, paired: A = the untraced copy of `openai`, B = the copy the SDK instrumented
 * (or wrapped). For the untraced configuration B is a second untraced client: the A/A line.
 */
export async function runPairedSuite(sdk, { UntracedOpenAI, TracedOpenAI, fetch, fixtures, pairs, sinkUrl, scale }) {
  const options = { apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch };
  const a = { client: new UntracedOpenAI(options) };
  const out = await pairFixtures(sdk, a, sdk.wrap(new TracedOpenAI(options)), { fixtures, pairs, sinkUrl, scale });
  if (sdk.traced === false) out['1k-ctx'] = await contextTax(a, fixtures[0], pairs, scale);
  return out;
}

/**
 * Paired rounds for each fixture, untraced client `a` against `tracedClient` (one provider's
 * clients; `call` makes one request as an app would, the OpenAI call when left out).
 */
export async function pairFixtures(sdk, a, tracedClient, { fixtures, pairs, sinkUrl, scale, call }) {
  const b = {
    client: tracedClient,
    flush: sdk.traced ? sdk.flush : undefined,
    traced: sdk.traced,
    checkSink: sdk.exportsToSink,
  };
  const out = {};
  for (const f of fixtures) {
    const calls = Math.max(2, Math.round(ROUND_CALLS[f.key] * scale));
    out[f.key] = await pairedRounds({
      a,
      b,
      request: f.request,
      calls,
      pairs,
      warmRounds: warmRounds(f.key),
      counters: sdk.counters,
      unit: sdk.counterUnit,
      sinkUrl,
      call,
    });
  }
  return out;
}

/**
 * The promise-hook tax: on Node 20, once any AsyncLocalStorage context is entered, promise hooks
 * run for every promise of the process until every storage is disabled. An SDK that enters a
 * context per call makes its own untraced rounds pay this too, so its "added" leaves it out;
 * this line measures it: the untraced client, B rounds inside a context, disabled after each.
 */
async function contextTax(a, fixture, pairs, scale) {
  const storage = new AsyncLocalStorage();
  const enter = async (body) => {
    try {
      await storage.run({}, body);
    } finally {
      storage.disable();
    }
  };
  const calls = Math.max(2, Math.round(ROUND_CALLS[fixture.key] * scale));
  const b = { client: a.client, traced: false, enter };
  return pairedRounds({ a, b, request: fixture.request, calls, pairs, warmRounds: warmRounds(fixture.key) });
}
