/** Per-name sampling: the first rule whose pattern matches a root span's name sets its rate. */
export interface SamplingRule {
  /** A span name (exact match), or a RegExp tested against it. */
  readonly name: string | RegExp;
  /** Fraction of matching traces kept, 0..1. */
  readonly rate: number;
}

/**
 * Sampling settings beyond the plain `samplingRate`. The decision is made once per
 * trace at its root span; children follow it. See docs/sampling.md.
 */
export interface SamplingOptions {
  /** Fraction of traces kept, 0..1, decided from the trace id (default 1). */
  readonly rate?: number;
  /** Checked in order against the root span's name; the first match sets the rate. */
  readonly rules?: readonly SamplingRule[];
  /** Keep at most this many traces per second in this process (0 or undefined: no limit). */
  readonly maxTracesPerSecond?: number;
  /** Record sampled-out traces too and keep those that end in error (costs recording). */
  readonly keepErrors?: boolean;
}
