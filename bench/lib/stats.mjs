// Small statistics helpers and the result sink that keeps V8 from eliminating work.
import { seededRandom } from './text.mjs';

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function percentile(values, p) {
  const v = values.slice().sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
}

/**
 * Everything a benchmark produces is folded into this sink, and its value is printed
 * at the end, so the optimiser cannot prove the work unused.
 */
export const resultSink = {
  value: 0,
  consume(x) {
    this.value = (this.value + (typeof x === 'number' ? x : x === undefined || x === null ? 1 : 7)) | 0;
  },
};

/** Linear-interpolated quantile (0..1) of finite values; undefined when there are none. */
export function quantile(values, q) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  return v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (pos - lo);
}

/**
 * A bootstrap `level` interval of the median of `values` (resampled `draws` times with a
 * fixed seed, so re-rendering one run gives the same interval).
 */
export function bootstrapMedianInterval(values, { level = 0.9, draws = 2000, seed = 42 } = {}) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (v.length < 2) return undefined;
  const rand = seededRandom(seed);
  const medians = new Array(draws);
  const sample = new Array(v.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < v.length; i++) sample[i] = v[(rand() * v.length) | 0];
    medians[d] = median(sample);
  }
  return [quantile(medians, (1 - level) / 2), quantile(medians, 1 - (1 - level) / 2)];
}

/** Median, bootstrap 90% interval of the median, IQR and count of paired differences. */
export function summariseDiffs(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  const ci = bootstrapMedianInterval(v);
  return {
    median: median(v),
    lo: ci?.[0],
    hi: ci?.[1],
    q1: quantile(v, 0.25),
    q3: quantile(v, 0.75),
    n: v.length,
  };
}
