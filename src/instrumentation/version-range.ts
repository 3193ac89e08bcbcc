/** A tiny semver subset for supported-version checks: space-separated `>=`, `>`, `<=`, `<`, `=` comparators. */

function parse(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (m === null) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` satisfies every comparator of `range` (e.g. `>=5.0.0 <8`). Prereleases count as their release. */
export function satisfiesRange(version: string, range: string): boolean {
  const v = parse(version);
  if (v === undefined) return false;
  return range
    .trim()
    .split(/\s+/)
    .every((comparator) => {
      const m = /^(>=|<=|>|<|=)?(.+)$/.exec(comparator);
      const bound = m ? parse(m[2] ?? '') : undefined;
      if (m === null || bound === undefined) return false;
      const c = compare(v, bound);
      switch (m[1]) {
        case '>=':
          return c >= 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        case '<':
          return c < 0;
        default:
          return c === 0;
      }
    });
}
