import { closeSync, openSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExportResult, FinishedTrace, FinishSyncResult, Resource, TraceExporter } from '../../core/types.js';
import { announce } from '../../diag/diag.js';
import { optionsObject } from '../../internal/options-object.js';
import { bodyBytes, ChunkWriter, writePiecesSync, type BodyChunks } from '../chunk-writer.js';
import { noveumTracePieces, writeNoveumTrace } from '../noveum/to-noveum-trace.js';
import { ensurePrivateDir, ensurePrivateDirSync, DEFAULT_TRACE_DIR } from '../private-dir.js';
import type { FileExportOptions } from '../types.js';

/** Options of {@link FileExporter}. */
export interface FileExporterOptions extends FileExportOptions {
  /** Project, environment and versions written with every trace. */
  readonly resource: Resource;
}

const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const announced = new Set<string>();
// Shared by every exporter in the process: two exporters on one folder never append to one file.
let fileSequence = 0;

function timestampForName(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * writev until every byte is written: a short write continues where it stopped. `writev`
 * returns the bytes one call wrote (at most IOV_MAX = 1024 buffers on Linux per call).
 */
async function writeAll(
  writev: (chunks: Buffer[]) => Promise<number> | number,
  chunks: readonly Buffer[]
): Promise<void> {
  const rest = chunks.filter((c) => c.length > 0);
  let i = 0;
  while (i < rest.length) {
    const written = await writev(rest.slice(i, i + 1024));
    if (written === 0) throw new Error('the trace file accepted no bytes');
    i = advance(rest, i, written);
  }
}

/** {@link writeAll} with synchronous calls, for a process that is ending. */
function writeAllSync(fd: number, chunks: readonly Buffer[]): void {
  const rest = chunks.filter((c) => c.length > 0);
  let i = 0;
  while (i < rest.length) {
    const written = writevSync(fd, rest.slice(i, i + 1024));
    if (written === 0) throw new Error('the trace file accepted no bytes');
    i = advance(rest, i, written);
  }
}

/** Drops `written` bytes from the front of `rest[i..]` (in place); returns the next chunk's index. */
function advance(rest: Buffer[], i: number, written: number): number {
  while (written > 0 && i < rest.length) {
    const first = rest[i]!;
    if (written < first.length) {
      rest[i] = first.subarray(written);
      return i;
    }
    written -= first.length;
    i++;
  }
  return i;
}

/**
 * Writes traces as JSON lines, one trace per line in the same shape the Noveum API
 * receives, into `dir` (default `.noveum/`). A file is rotated once it passes
 * `maxFileBytes`. Writes are asynchronous and never block the app.
 *
 * @example
 * ```ts
 * init({ exporter: 'file', file: { dir: './traces' } });
 * // later: each line of ./traces/traces-*.jsonl is one trace
 * ```
 */
export class FileExporter implements TraceExporter {
  private readonly _dir: string;
  private readonly _maxBytes: number;
  private readonly _resource: Resource;
  private _file: string | undefined;
  private _fileBytes = 0;
  private _writes: Promise<unknown> = Promise.resolve();
  private _stopped = false;
  private _ignoreChecked = false;
  /** Batches between `export()` and the end of their asynchronous write. */
  private _busy = 0;

  constructor(options: FileExporterOptions) {
    options = optionsObject(options) as FileExporterOptions;
    this._dir = resolve(options.dir ?? DEFAULT_TRACE_DIR);
    const max = options.maxFileBytes;
    this._maxBytes = typeof max === 'number' && max > 0 ? max : DEFAULT_MAX_FILE_BYTES;
    this._resource = options.resource;
  }

  /** The folder traces are written to (absolute). */
  get dir(): string {
    return this._dir;
  }

  async export(traces: readonly FinishedTrace[]): Promise<ExportResult> {
    if (this._stopped) return { code: 'failed', error: new Error('exporter is shut down'), retryable: false };
    if (traces.length === 0) return { code: 'success' };
    this._busy++;
    try {
      const lines = await this._encode(traces);
      // Appends are chained so lines from two batches never interleave.
      const write = this._writes.then(() => this._append(lines));
      this._writes = write.catch(() => undefined);
      await write;
      return { code: 'success' };
    } catch (error) {
      return { code: 'failed', error, retryable: false };
    } finally {
      this._busy--;
    }
  }

  /**
   * For a process that is ending (`process.exit()`, a crash), when only synchronous work runs:
   * writes `batches` now. While an asynchronous write may still be appending, they go to a
   * file of their own, so lines never interleave. `sendMs` 0 means no time is left: nothing is
   * written. A batch whose asynchronous write was under way is reported as not delivered.
   */
  finishSync(batches: readonly (readonly FinishedTrace[])[], sendMs: number): FinishSyncResult {
    this._stopped = true;
    const results = batches.map((traces): ExportResult => {
      if (sendMs <= 0) return { code: 'failed', error: new Error('no time left to write at exit'), retryable: false };
      try {
        this._appendSync(traces);
        return { code: 'success' };
      } catch (error) {
        return { code: 'failed', error, retryable: false };
      }
    });
    return { inFlight: undefined, batches: results };
  }

  private _appendSync(traces: readonly FinishedTrace[]): void {
    ensurePrivateDirSync(this._dir, !this._ignoreChecked);
    this._ignoreChecked = true;
    const w = new ChunkWriter();
    for (const trace of traces) {
      writePiecesSync(w, noveumTracePieces(trace, this._resource));
      w.write('\n');
    }
    const body = w.take();
    const bytes = bodyBytes(body);
    if (this._file === undefined || this._busy > 0 || (this._fileBytes > 0 && this._fileBytes + bytes > this._maxBytes))
      this._rotate();
    const fd = openSync(this._file!, 'a', 0o600);
    try {
      writeAllSync(fd, body);
    } finally {
      closeSync(fd);
    }
    this._fileBytes += bytes;
  }

  /** One line per trace, each as UTF-8 chunks, written a span at a time (see `ChunkWriter`). */
  private async _encode(traces: readonly FinishedTrace[]): Promise<BodyChunks[]> {
    const w = new ChunkWriter();
    const lines: BodyChunks[] = [];
    for (const trace of traces) {
      await writeNoveumTrace(w, trace, this._resource);
      w.write('\n');
      lines.push(w.take());
    }
    return lines;
  }

  private async _append(lines: readonly BodyChunks[]): Promise<void> {
    // The .gitignore is looked at on the first write only: a user who deletes it meant to.
    await ensurePrivateDir(this._dir, !this._ignoreChecked);
    this._ignoreChecked = true;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (const line of lines) {
      const bytes = bodyBytes(line);
      const total = this._fileBytes + pendingBytes;
      if (this._file === undefined || (total > 0 && total + bytes > this._maxBytes)) {
        await this._write(pending);
        this._fileBytes += pendingBytes;
        this._rotate();
        pending = [];
        pendingBytes = 0;
      }
      pending.push(...line);
      pendingBytes += bytes;
    }
    await this._write(pending);
    this._fileBytes += pendingBytes;
  }

  /** Appends the chunks with vectored writes: never joined into one large Buffer first. */
  private async _write(chunks: readonly Buffer[]): Promise<void> {
    if (chunks.length === 0 || this._file === undefined) return;
    const handle = await open(this._file, 'a', 0o600);
    try {
      await writeAll(async (c) => (await handle.writev(c)).bytesWritten, chunks);
    } finally {
      await handle.close();
    }
  }

  private _rotate(): void {
    const name = `traces-${timestampForName(new Date())}-${process.pid}-${++fileSequence}.jsonl`;
    this._file = join(this._dir, name);
    this._fileBytes = 0;
    if (!announced.has(this._dir)) {
      announced.add(this._dir);
      announce(`traces are written to ${this._dir} (JSON lines, one trace per line)`);
    }
  }

  async forceFlush(): Promise<void> {
    await this._writes;
  }

  async shutdown(): Promise<void> {
    this._stopped = true;
    await this._writes;
  }
}
