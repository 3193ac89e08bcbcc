/** Per-name sampling: the first rule whose pattern matches a root span's name sets its rate. */
export interface SamplingRule {
  /** A span name, or a RegExp tested against it. */
  readonly name: string | RegExp;
  readonly rate: number;
}

/** Sampling settings beyond the plain `samplingRate`. */
export interface SamplingOptions {
  /** Fraction of traces kept, 0..1, decided from the trace id (default 1). */
  readonly rate?: number;
  readonly rules?: readonly SamplingRule[];
  /** Keep at most this many traces per second (0 or undefined: no limit). */
  readonly maxTracesPerSecond?: number;
  /** Record sampled-out traces too and keep those that end in error (costs recording). */
  readonly keepErrors?: boolean;
}
