// The paired workloads' warm-up: how long it is, and what it cost while it ran. Every SDK and
// both sides of a pair get the same number of warm-up calls, so V8's one-off compilation of each
// side's code (much of it on background threads) happens before the measured pairs: a long-running
// app pays the steady-state cost, which is what the budget lines are about. The warm-up's own
// cost is kept, in blocks, so the report can show what the figures leave out (the cold calls).

/** A warm-up round is this many times a measured round (as many calls as a round may queue). */
export const WARM_ROUND_FACTOR = 4;

/**
 * Warm-up rounds per side at scale 1, by fixture key. Measured on this bench, the CPU that other
 * threads spend per call (V8 compiling in the background) falls over the first 2,000 or so calls
 * of a new call path, on both sides (the traced side, with more code, a few hundred calls later),
 * then stays flat. So: 2,400 calls at 1 KB (OpenAI and Anthropic: the budget lines), 2,000 Express
 * requests, 2,000 fetches and 1,200 chain calls (each runs several times as much code; 800 left
 * a peer's LangChain handler still compiling). Even counts: the cost is kept per block of two
 * rounds. The later fixtures of a process mostly run code the first one compiled, and their calls
 * cost more, so they get a few rounds (as many as before the warm-up was lengthened, or twice).
 */
export const WARM_ROUNDS = {
  default: 20,
  '1k': 24,
  '100k': 4,
  stream: 2,
  chain: 30,
  server: 20,
  fetch: 20,
  propagation: 6,
};

/**
 * Rounds per block the warm-up's cost is summarised into: the first block is the cold figure (at
 * 1 KB its 200 calls per side are as long as the whole warm-up was before it was lengthened).
 */
export const WARM_BLOCK_ROUNDS = 2;

/** Set once per process by the worker (`--warm-scale`): smoke runs a token warm-up. */
export const warmup = { scale: 1 };

/** Warm-up rounds per side for a fixture key: at least two, and even (whole blocks). */
export function warmRounds(key) {
  return Math.max(2, 2 * Math.round(((WARM_ROUNDS[key] ?? WARM_ROUNDS.default) * warmup.scale) / 2));
}

function perCall(rounds, metric) {
  let sum = 0;
  let calls = 0;
  for (const r of rounds) {
    if (r[metric] === undefined) return undefined;
    sum += r[metric] * r.calls;
    calls += r.calls;
  }
  return calls === 0 ? undefined : sum / calls;
}

/**
 * The warm-up's rounds of each side, in order, summarised into blocks of WARM_BLOCK_ROUNDS
 * consecutive rounds: the mean CPU per call (all threads and main thread) of each side in each
 * block. Means, not medians: a one-off cost (a compilation) belongs to the calls that caused it.
 */
export function warmBlocks(roundsA, roundsB) {
  const size = WARM_BLOCK_ROUNDS;
  const blocks = [];
  for (let i = 0; i < roundsB.length; i += size) {
    const a = roundsA.slice(i, i + size);
    const b = roundsB.slice(i, i + size);
    blocks.push({
      calls: b.reduce((n, r) => n + r.calls, 0),
      A: { cpuUs: perCall(a, 'cpuUs'), mainUs: perCall(a, 'mainUs') },
      B: { cpuUs: perCall(b, 'cpuUs'), mainUs: perCall(b, 'mainUs') },
    });
  }
  return blocks;
}
