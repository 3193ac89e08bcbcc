// Pools the paired rounds of every process of one configuration and turns them into lines:
// the median of the per-pair differences (B − A) with a bootstrap 90% interval, and the rules
// that keep noise from reading as a result.
import { median, summariseDiffs } from './stats.mjs';

export const METRICS = ['cpuUs', 'mainUs', 'wallUs', 'gapMs'];

/** Every error, warm-up problem and invalid round of one configuration × fixture. */
function problemsOf(runs, key) {
  const problems = [];
  for (const [i, run] of runs.entries()) {
    if (!run || run.error) {
      problems.push(
        `process ${i + 1}: ${String(run?.error ?? 'no result')
          .split('\n')[0]
          .slice(0, 200)}`
      );
      continue;
    }
    const f = run[key];
    if (!f) continue;
    if (f.warmInvalid) problems.push(`process ${i + 1} warm-up: ${f.warmInvalid}`);
    for (const [p, pair] of f.rounds.entries()) {
      for (const side of ['A', 'B'])
        if (pair[side].invalid) problems.push(`process ${i + 1} pair ${p + 1} ${side}: ${pair[side].invalid}`);
    }
  }
  return problems;
}

/**
 * One configuration × fixture across processes. `invalid` lists every reason a round was not
 * valid; when it is not empty the line has no figure (a partial figure would hide the rounds
 * that dropped, which are the expensive ones).
 */
export function pairedLine(runs, key) {
  const ok = runs.filter((r) => r && !r.error && r[key]);
  const problems = problemsOf(runs, key);
  const pairs = ok.flatMap((r) => r[key].rounds);
  const line = {
    processes: ok.length,
    pairs: pairs.length,
    calls: ok[0]?.[key].calls,
    unit: ok[0]?.[key].unit,
    perCall: ok[0]?.[key].perCall,
    invalid: problems,
  };
  if (pairs.length === 0) return line;
  for (const m of METRICS) {
    const diffs = pairs.map((p) => (p.B[m] === undefined || p.A[m] === undefined ? undefined : p.B[m] - p.A[m]));
    line[m] = summariseDiffs(diffs);
    line[m].base = median(pairs.map((p) => p.A[m]));
    line[m].traced = median(pairs.map((p) => p.B[m]));
    // Spread between processes: the median difference of each process alone.
    line[m].perProcess = ok.map((r) => median(r[key].rounds.map((p) => p.B[m] - p.A[m])));
  }
  line.drift = drift(ok.map((r) => r[key].rounds));
  line.warmup = warmupLine(ok.map((r) => r[key].warmup));
  return line;
}

/**
 * Steady state, checked on the measured pairs: the median added CPU of the first and of the last
 * third of each process's pairs, pooled. A warm-up too short for the JIT shows as a first third
 * above the last.
 */
function drift(roundsPerProcess) {
  const part = (pick) =>
    median(
      roundsPerProcess.flatMap((rounds) =>
        pick(rounds, Math.floor(rounds.length / 3)).map((p) => p.B.cpuUs - p.A.cpuUs)
      )
    );
  return {
    first: part((rounds, n) => rounds.slice(0, n)),
    last: part((rounds, n) => rounds.slice(rounds.length - n)),
  };
}

/**
 * The warm-up of each process, per block (lib/warmup.mjs): the median across processes of the added
 * CPU per call of its first block (the cold calls, which the figures leave out) and of its last,
 * and of the other threads' CPU per call of each side in both (flat and low once V8 has compiled).
 */
function warmupLine(warmups) {
  const runs = warmups.filter((w) => w?.blocks?.length > 0);
  if (runs.length === 0) return undefined;
  const at = (w, i) => w.blocks.at(i);
  const of = (i, f) => median(runs.map((w) => f(at(w, i))));
  const others = (side) => (b) => b[side].cpuUs - b[side].mainUs;
  const summary = (i) => ({
    calls: median(runs.map((w) => at(w, i).calls)),
    cpuUs: of(i, (b) => b.B.cpuUs - b.A.cpuUs),
    mainUs: of(i, (b) => b.B.mainUs - b.A.mainUs),
    cpuA: of(i, (b) => b.A.cpuUs),
    cpuB: of(i, (b) => b.B.cpuUs),
    othersA: of(i, others('A')),
    othersB: of(i, others('B')),
  });
  return { calls: runs[0].calls, ms: median(runs.map((w) => w.ms)), first: summary(0), last: summary(-1) };
}

const memo = new WeakMap();

/**
 * Every configuration × fixture: { [sdk]: { [key]: line } }. Memoised per results object, as the
 * report reads it several times and each line bootstraps its interval.
 */
export function pairedLines(paired, keys) {
  if (!paired) return {};
  const cacheKey = keys.join();
  const cached = memo.get(paired)?.[cacheKey];
  if (cached) return cached;
  const out = {};
  for (const [sdk, runs] of Object.entries(paired))
    out[sdk] = Object.fromEntries(keys.map((k) => [k, pairedLine(runs, k)]));
  memo.set(paired, { ...memo.get(paired), [cacheKey]: out });
  return out;
}

/**
 * The verdict on "added ≤ budget" for one summarised difference: MISS when the whole 90%
 * interval is above the budget (a certain miss, however wide); PASS only when the interval is no
 * wider than the budget, lies at or under it, and the median is positive; anything else (a wider
 * interval, a negative or zero median, an interval across the budget) is noise, never a pass.
 */
export function verdictAtMost(s, budget) {
  if (!s || typeof s.median !== 'number' || typeof s.lo !== 'number') return 'n/a';
  if (s.lo > budget) return 'MISS';
  if (s.hi - s.lo > budget) return 'unmeasured (noise)';
  if (s.median <= 0) return 'unmeasured (noise)';
  if (s.hi <= budget) return 'PASS';
  if (s.lo > budget) return 'MISS';
  return 'unmeasured (noise)';
}

/**
 * "ours × factor ≤ theirs" between two lines measured in different processes: PASS only when
 * the intervals say so for certain, MISS when they say the opposite, noise otherwise.
 */
export function verdictRatio(ours, theirs, factor) {
  if (!ours || !theirs || typeof ours.lo !== 'number' || typeof theirs.lo !== 'number') return 'n/a';
  if (ours.median <= 0 || theirs.median <= 0) return 'unmeasured (noise)';
  if (ours.hi * factor <= theirs.lo) return 'PASS';
  if (ours.lo * factor > theirs.hi) return 'MISS';
  return 'unmeasured (noise)';
}

/** An A/A interval that excludes zero means the rounds are biased by their order or position. */
export function aaBiased(s) {
  return s && typeof s.lo === 'number' && (s.lo > 0 || s.hi < 0);
}
