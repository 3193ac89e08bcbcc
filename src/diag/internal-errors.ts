import { diag } from './diag.js';

/** Counters users can read with `getDiagnostics()` to see what the SDK swallowed on their behalf. */
export interface DiagnosticCounters {
  internalErrors: number;
  droppedSpans: number;
  exportedTraces: number;
  /** Spans the backend accepted (`exportedTraces` counts their traces). */
  exportedSpans: number;
  /** Spans written to `spoolDir` because they could not be delivered yet; not counted as exported. */
  spooledSpans: number;
  spooledTraces: number;
  failedExports: number;
  instrumentationErrors: number;
  misuseWarnings: number;
}

const counters: DiagnosticCounters = {
  internalErrors: 0,
  droppedSpans: 0,
  exportedTraces: 0,
  exportedSpans: 0,
  spooledSpans: 0,
  spooledTraces: 0,
  failedExports: 0,
  instrumentationErrors: 0,
  misuseWarnings: 0,
};

let firstReported = false;

/**
 * The single choke point for failures inside the SDK: counts, logs, never throws.
 * The first one in a process is a warning so it is seen; the rest are debug lines.
 */
export function reportInternalError(where: string, error: unknown): void {
  try {
    counters.internalErrors++;
    if (!firstReported) {
      firstReported = true;
      diag.warn(
        `internal error in ${where} (tracing continues; set NOVEUM_DEBUG=1 for the stack and later ones):`,
        error
      );
    } else {
      diag.debug(`internal error in ${where}:`, error);
    }
  } catch {
    // Reporting must never become the failure.
  }
}

// Errors the user was already told about in their own words (a 401 names the API key), so a
// generic "export failed" line about the same failure would only repeat it.
const reported = new WeakSet<object>();

/** Marks `error` as already reported to the user; returns it. */
export function markReported<E extends object>(error: E): E {
  reported.add(error);
  return error;
}

/** True for an error passed to `markReported`. */
export function wasReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reported.has(error);
}

/** Adds `n` to a counter; used by the pipeline and the instrumentations. */
export function incrementCounter(name: keyof DiagnosticCounters, n = 1): void {
  counters[name] += n;
}

/** A snapshot of the SDK's internal counters. */
export function getDiagnostics(): Readonly<DiagnosticCounters> {
  return { ...counters };
}

/** Test helper: zeroes every counter. */
export function resetDiagnostics(): void {
  for (const key of Object.keys(counters) as (keyof DiagnosticCounters)[]) counters[key] = 0;
  firstReported = false;
}
