// Small statistics helpers and the result sink that keeps V8 from eliminating work.

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
