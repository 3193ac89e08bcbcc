import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FullTextSearch, type ScanSource } from './full-text.js';
import { readRange, scanLines } from './line-scanner.js';
import { summarizeTrace, type TraceSummary } from './summarize.js';
import type { TraceListItem, TraceListResponse } from './types.js';

/** What the list can be narrowed by (all optional) and which page of it to return. */
export interface TraceQuery {
  readonly q?: string | undefined;
  readonly status?: string | undefined;
  readonly model?: string | undefined;
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
  /** Who asks (a browser tab's id): each client has its own full-text scan. */
  readonly client?: string | undefined;
}

interface FileState {
  readonly id: number;
  readonly name: string;
  /** Bytes indexed so far: everything before is complete lines. */
  scanned: number;
  ino: number;
}

const MAX_PAGE = 200;

/** The exporter's files (`traces-*.jsonl`) and any other JSON-lines file the user put there. */
const isTraceFile = (name: string): boolean => name.endsWith('.jsonl') && !name.startsWith('.');

/**
 * An in-memory index of every trace line in one folder: a small summary and the byte range
 * of the line, never the line itself. Files are read by streaming from where the last pass
 * stopped, so a file still being appended to, and files added by rotation, are picked up
 * by the next `refresh()`; a trace is read back from its file by offset when it is opened.
 */
export class TraceIndex implements ScanSource {
  private readonly _dir: string;
  private readonly _files = new Map<string, FileState>();
  private readonly _fileNames: string[] = [];
  private readonly _byId = new Map<string, TraceSummary>();
  private readonly _models = new Map<string, number>();
  private readonly _statuses = new Set<string>();
  private _sorted: TraceSummary[] | undefined;
  private _invalid = 0;
  private _indexing = true;
  private _running: Promise<void> | undefined;
  private _again = false;
  /** Bumped whenever a trace is added or forgotten, so a finished full-text scan knows to go on. */
  private _generation = 0;
  private readonly _fullText = new FullTextSearch(this);

  constructor(dir: string) {
    this._dir = dir;
  }

  /** Stops a running full-text scan (the server is closing). */
  close(): void {
    this._fullText.cancel();
  }

  /** ScanSource: the files, newest first. */
  files(): Array<{ id: number; path: string }> {
    return [...this._files.values()]
      .sort((a, b) => (a.name < b.name ? 1 : -1))
      .map((f) => ({ id: f.id, path: join(this._dir, f.name) }));
  }

  /** ScanSource: whether the line at (file, offset) is the one the index shows for `id`. */
  traceAt(file: number, offset: number, id: string): boolean {
    const summary = this._byId.get(id);
    return summary !== undefined && summary.file === file && summary.offset === offset;
  }

  get dir(): string {
    return this._dir;
  }

  /** Lines skipped because they were not a JSON trace. */
  get invalidLines(): number {
    return this._invalid;
  }

  /** Scans new bytes of every file; calls made while a pass runs fold into one more pass. */
  refresh(): Promise<void> {
    if (this._running !== undefined) {
      this._again = true;
      return this._running;
    }
    this._running = (async () => {
      do {
        this._again = false;
        await this._pass();
      } while (this._again);
    })().finally(() => {
      this._running = undefined;
      this._indexing = false;
    });
    return this._running;
  }

  private async _pass(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this._dir)).filter(isTraceFile);
    } catch {
      names = [];
    }
    for (const gone of [...this._files.keys()].filter((n) => !names.includes(n))) this._forget(gone);
    // Newest file first (the exporter's names sort by time), so the list fills from the top.
    for (const name of names.sort().reverse()) await this._scanFile(name);
  }

  private async _scanFile(name: string): Promise<void> {
    const path = join(this._dir, name);
    let info;
    try {
      info = await stat(path);
    } catch {
      return this._forget(name);
    }
    if (!info.isFile()) return;
    let file = this._files.get(name);
    if (file !== undefined && (info.ino !== file.ino || info.size < file.scanned)) {
      this._forget(name); // replaced or truncated: start over
      file = undefined;
    }
    if (file === undefined) {
      file = { id: this._fileNames.length, name, scanned: 0, ino: info.ino };
      this._fileNames.push(name);
      this._files.set(name, file);
    }
    if (info.size <= file.scanned) return;
    const state = file;
    state.scanned = await scanLines(path, state.scanned, (line, offset) => this._add(state, line, offset));
  }

  private _add(file: FileState, line: Buffer, offset: number): void {
    const text = line.toString('utf8').trim();
    if (text === '') return;
    let summary;
    try {
      summary = summarizeTrace(JSON.parse(text));
    } catch {
      summary = undefined;
    }
    if (summary === undefined) {
      this._invalid++;
      return;
    }
    const previous = this._byId.get(summary.id);
    if (previous !== undefined) this._uncount(previous);
    this._byId.set(summary.id, { ...summary, file: file.id, offset, length: line.length });
    for (const model of summary.models) this._models.set(model, (this._models.get(model) ?? 0) + 1);
    this._statuses.add(summary.status);
    this._sorted = undefined;
    this._generation++;
  }

  private _uncount(summary: TraceSummary): void {
    for (const model of summary.models) {
      const n = (this._models.get(model) ?? 1) - 1;
      if (n <= 0) this._models.delete(model);
      else this._models.set(model, n);
    }
  }

  private _forget(name: string): void {
    const file = this._files.get(name);
    if (file === undefined) return;
    this._files.delete(name);
    for (const [id, summary] of this._byId) {
      if (summary.file !== file.id) continue;
      this._uncount(summary);
      this._byId.delete(id);
    }
    this._sorted = undefined;
    this._generation++;
  }

  private _newestFirst(): TraceSummary[] {
    this._sorted ??= [...this._byId.values()].sort((a, b) => b.start - a.start || (a.id < b.id ? -1 : 1));
    return this._sorted;
  }

  /**
   * One page of the list, newest first, narrowed by `query`. A search matches names and ids from
   * the index at once, and the full text of the lines as a background scan finds them (`search`
   * says how far it got; asking again returns what it found since).
   */
  list(query: TraceQuery): TraceListResponse {
    const q = query.q?.trim().toLowerCase() ?? '';
    const { status, model } = query;
    const found = q === '' ? undefined : this._fullText.ask(q, this._generation, query.client);
    const matches = this._newestFirst().filter(
      (t) =>
        (status === undefined || t.status === status) &&
        (model === undefined || t.models.includes(model)) &&
        (found === undefined || t.text.includes(q) || t.id === q || found.matches.has(t.id))
    );
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 50)));
    return {
      total: matches.length,
      offset,
      items: matches.slice(offset, offset + limit).map(toListItem),
      traceCount: this._byId.size,
      models: [...this._models.keys()].sort(),
      statuses: [...this._statuses].sort(),
      invalidLines: this._invalid,
      indexing: this._indexing,
      dir: this._dir,
      ...(found === undefined ? {} : { search: found.progress }),
    };
  }

  /** The stored line of trace `id`, read from its file by offset; undefined when unknown or gone. */
  async read(id: string): Promise<Buffer | undefined> {
    const summary = this._byId.get(id);
    if (summary === undefined) return undefined;
    const name = this._fileNames[summary.file];
    if (name === undefined) return undefined;
    try {
      return await readRange(join(this._dir, name), summary.offset, summary.length);
    } catch {
      return undefined;
    }
  }
}

function toListItem(t: TraceSummary): TraceListItem {
  const { id, name, start, durationMs, status, spanCount, models, tokens, cost } = t;
  return { id, name, start, durationMs, status, spanCount, models, tokens, cost };
}
