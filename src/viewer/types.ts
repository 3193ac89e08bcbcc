/** Shapes the viewer's server sends to its page (JSON over /api). */

/** One row of the trace list. */
export interface TraceListItem {
  readonly id: string;
  readonly name: string;
  /** Start time, milliseconds since the epoch (NaN-free: 0 when the file had none). */
  readonly start: number;
  readonly durationMs: number;
  readonly status: string;
  readonly spanCount: number;
  readonly models: readonly string[];
  readonly tokens: number;
  readonly cost: number;
}

/** `GET /api/traces`: one page of the list, newest first, and the state of the index. */
export interface TraceListResponse {
  readonly total: number;
  readonly offset: number;
  readonly items: readonly TraceListItem[];
  /** Every trace indexed so far, before filtering. */
  readonly traceCount: number;
  /** Models seen in any trace, for the filter. */
  readonly models: readonly string[];
  /** Statuses seen in any trace, for the filter. */
  readonly statuses: readonly string[];
  /** Lines that were not a JSON trace: skipped and counted. */
  readonly invalidLines: number;
  /** True while the first pass over the folder is still running. */
  readonly indexing: boolean;
  readonly dir: string;
  /** With a search: how far the full-text scan of the files got (matches appear as it runs). */
  readonly search?: SearchProgress;
}

/** The full-text scan behind a search. */
export interface SearchProgress {
  /** True while the files are still being scanned: more matches may come. */
  readonly running: boolean;
  readonly scannedBytes: number;
  /** The scan stopped after its maximum number of matches; older matches are not listed. */
  readonly capped: boolean;
}
