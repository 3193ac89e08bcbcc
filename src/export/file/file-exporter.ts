import { appendFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExportResult, FinishedTrace, Resource, TraceExporter } from '../../core/types.js';
import { announce } from '../../diag/diag.js';
import { toNoveumTrace } from '../noveum/to-noveum-trace.js';
import type { FileExportOptions } from '../types.js';
import { mapInSlices } from '../yield.js';

/** Options of {@link FileExporter}. */
export interface FileExporterOptions extends FileExportOptions {
  /** Project, environment and versions written with every trace. */
  readonly resource: Resource;
}

const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const announced = new Set<string>();

function timestampForName(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
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
  private _fileIndex = 0;
  private _writes: Promise<unknown> = Promise.resolve();
  private _stopped = false;

  constructor(options: FileExporterOptions) {
    this._dir = resolve(options.dir ?? '.noveum');
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
    const lines = await mapInSlices(traces, (t) => JSON.stringify(toNoveumTrace(t, this._resource)) + '\n');
    // Appends are chained so lines from two batches never interleave.
    const write = this._writes.then(() => this._append(lines));
    this._writes = write.catch(() => undefined);
    try {
      await write;
      return { code: 'success' };
    } catch (error) {
      return { code: 'failed', error, retryable: false };
    }
  }

  private async _append(lines: readonly string[]): Promise<void> {
    await mkdir(this._dir, { recursive: true });
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (
        this._file === undefined ||
        (this._fileBytes + chunkBytes > 0 && this._fileBytes + chunkBytes + bytes > this._maxBytes)
      ) {
        if (chunk !== '') await appendFile(this._file!, chunk);
        this._rotate();
        chunk = '';
        chunkBytes = 0;
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk !== '') await appendFile(this._file!, chunk);
    this._fileBytes += chunkBytes;
  }

  private _rotate(): void {
    this._fileIndex++;
    const name = `traces-${timestampForName(new Date())}-${process.pid}-${this._fileIndex}.jsonl`;
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
