/**
 * Full-text search over the trace files themselves (prompts, responses, every attribute), run
 * on demand: the index keeps no text beyond names, so memory does not grow with prompt size.
 * A new query cancels the previous one's scan, and a scan nobody asks about any more stops by
 * itself.
 */
import { scanLines } from './line-scanner.js';
import type { SearchProgress } from './types.js';

/** A file to scan, newest first, and the id of the trace each line holds. */
export interface ScanSource {
  /** The trace files, newest first (the index's file id stays the same while a file is unchanged). */
  files(): Array<{ readonly id: number; readonly path: string }>;
  /** The trace id the index holds at (file, offset), if that line is the one it shows. */
  traceAt(file: number, offset: number, id: string): boolean;
}

/** Bounds the work one query can cause: matches kept, and how long a scan runs unasked. */
export const MAX_MATCHES = 1000;
const IDLE_MS = 10_000;
const MAX_CLIENTS = 4;
const TRACE_ID = /"trace_id"\s*:\s*"([^"\\]{1,128})"/;

/** JSON-escapes `text` as it appears inside a JSON string (without the quotes). */
const escapeJson = (text: string): string => JSON.stringify(text).slice(1, -1);
/** `é` → `\u00e9`, as writers that escape non-ASCII (Python's json.dumps) store it. */
const escapeNonAscii = (text: string): string =>
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The lower-cased forms `query` can take in a raw line: as typed (also the line's own JSON, such
 * as `"key":"value"`), JSON-escaped (a plain attribute value), escaped once more (text inside a
 * JSON-encoded attribute such as `llm.messages`), and with non-ASCII as `\uXXXX`. For plain
 * ASCII words all of these are the same single needle.
 */
export function needles(query: string): string[] {
  const q = query.toLowerCase();
  const once = escapeJson(q);
  const twice = escapeJson(once);
  return [...new Set([q, once, twice, escapeNonAscii(once), escapeNonAscii(twice)])].filter((n) => n !== '');
}

/** One running (or finished) scan for one query. */
class Scan {
  readonly matches = new Set<string>();
  scannedBytes = 0;
  running = true;
  capped = false;
  lastAsked = Date.now();
  /** The index generation this scan has covered; a later one is scanned from where it stopped. */
  generation = -1;
  /** Bytes of each file (by index file id) already scanned. */
  private readonly _done = new Map<number, number>();
  private readonly _abort = new AbortController();

  constructor(
    readonly query: string,
    private readonly _source: ScanSource
  ) {}

  cancel(): void {
    this._abort.abort();
  }

  async run(generation: number): Promise<void> {
    this.running = true;
    this.generation = generation;
    const find = needles(this.query);
    const signal = this._abort.signal;
    try {
      for (const file of this._source.files()) {
        if (signal.aborted) break;
        const end = await scanLines(
          file.path,
          this._done.get(file.id) ?? 0,
          (line, offset) => {
            this.scannedBytes += line.length + 1;
            if (this.capped) return;
            const text = line.toString('utf8');
            const lower = text.toLowerCase();
            if (!find.some((n) => lower.includes(n))) return;
            const id = TRACE_ID.exec(text)?.[1];
            if (id === undefined || !this._source.traceAt(file.id, offset, id)) return;
            this.matches.add(id);
            if (this.matches.size >= MAX_MATCHES) {
              this.capped = true;
              this._abort.abort();
            }
          },
          signal
        ).catch(() => undefined); // a file rotated away mid-scan: its traces left the index too
        if (end !== undefined && !signal.aborted) this._done.set(file.id, end);
        if (Date.now() - this.lastAsked > IDLE_MS) {
          this.generation = -1; // nobody is looking: stop, and go on from here if asked again
          break;
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/**
 * The viewer's full-text search: one scan per client (a browser tab sends its own id), so a new
 * query cancels that tab's previous scan without touching another tab's. At most MAX_CLIENTS
 * scans are kept; the least recently asked one is cancelled to make room.
 */
export class FullTextSearch {
  private readonly _scans = new Map<string, Scan>();

  constructor(private readonly _source: ScanSource) {}

  /** The matches found so far for `query` (starting its scan, and cancelling the client's previous one, if new). */
  ask(query: string, generation: number, client = ''): { matches: ReadonlySet<string>; progress: SearchProgress } {
    let scan = this._scans.get(client);
    if (scan === undefined || scan.query !== query) {
      scan?.cancel();
      scan = new Scan(query, this._source);
      this._scans.delete(client); // re-inserted last: the map's order is least recently started first
      this._scans.set(client, scan);
      this._evict();
      void scan.run(generation);
    } else if (!scan.running && !scan.capped && scan.generation !== generation) {
      void scan.run(generation); // traces were added: scan only the new bytes
    }
    scan.lastAsked = Date.now();
    return {
      matches: scan.matches,
      progress: { running: scan.running, scannedBytes: scan.scannedBytes, capped: scan.capped },
    };
  }

  private _evict(): void {
    while (this._scans.size > MAX_CLIENTS) {
      let oldest: [string, Scan] | undefined;
      for (const entry of this._scans)
        if (oldest === undefined || entry[1].lastAsked < oldest[1].lastAsked) oldest = entry;
      oldest![1].cancel();
      this._scans.delete(oldest![0]);
    }
  }

  cancel(): void {
    for (const scan of this._scans.values()) scan.cancel();
    this._scans.clear();
  }
}
