import { lstat, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { lstatSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag, warnOnce } from '../diag/diag.js';
import { ensurePrivateDir } from './private-dir.js';
import {
  claimName,
  compareBatchNames,
  hasBodyShape,
  isStaleClaim,
  parseClaim,
  readTrusted,
  REJECTED_SUFFIX,
  spanCountOf,
  SPOOL_SUFFIX,
  spoolFileName,
  spoolTempName,
  untrustedReason,
} from './spool-file.js';

/** One spooled batch handed to the sender: the body's bytes and the spans it holds. */
export interface SpooledBatch {
  readonly body: Buffer;
  /** Spans in the batch; undefined for files written before the count was recorded. */
  readonly spans: number | undefined;
}

/**
 * What became of a replayed batch: `sent` and `dropped` (refused for good, counted by the
 * sender) delete it; `keep` leaves it for a later attempt and ends the drain.
 */
export type ReplayVerdict = 'sent' | 'dropped' | 'keep';

export interface DrainResult {
  sent: number;
  dropped: number;
}

// Claims this process holds, across every Spool on the same folder: any other claim with our
// pid was left by an earlier process that had it.
const held = new Set<string>();

/**
 * Batches that could not be delivered, one file per batch, written atomically
 * (temp file + rename) so a crash never leaves half a batch to re-send.
 * Files are claimed by rename before re-sending, so two processes sharing a
 * spool folder never send the same batch twice; a claim whose process died is
 * taken back by the next drain. Only regular files this user wrote, shaped like
 * this exporter's request body, are ever read or sent (see `spool-file.ts`).
 */
export class Spool {
  private _ignoreChecked = false;

  /**
   * @param _bodyKey the top-level key of the exporter's request body (`traces`, `resourceSpans`):
   *   a file that does not open with it is never sent.
   */
  constructor(
    private readonly _dir: string,
    private readonly _maxBytes: number,
    private readonly _bodyKey: string
  ) {}

  get dir(): string {
    return this._dir;
  }

  /** Writes one batch body (its chunks in order); false when the spool is full (the caller counts the loss). */
  async write(body: readonly Buffer[], spanCount: number): Promise<boolean> {
    await ensurePrivateDir(this._dir, !this._ignoreChecked);
    this._ignoreChecked = true;
    let size = 0;
    for (const chunk of body) size += chunk.length;
    if ((await this._usedBytes()) + size > this._maxBytes) return false;
    const name = spoolFileName(spanCount);
    const tmp = join(this._dir, spoolTempName(name));
    await writeFile(tmp, body, { mode: 0o600 });
    await rename(tmp, join(this._dir, name));
    return true;
  }

  /**
   * `write()` for a process that is ending (`process.exit()`, a crash), where only synchronous
   * work still runs: the same file, named and written the same way (temp file + rename).
   */
  writeSync(body: readonly Buffer[], spanCount: number): boolean {
    mkdirSync(this._dir, { recursive: true, mode: 0o700 });
    let size = 0;
    for (const chunk of body) size += chunk.length;
    let used = 0;
    for (const name of readdirSync(this._dir)) {
      if (!name.endsWith(SPOOL_SUFFIX)) continue;
      try {
        used += lstatSync(join(this._dir, name)).size;
      } catch {
        // Removed meanwhile by a drain.
      }
    }
    if (used + size > this._maxBytes) return false;
    const name = spoolFileName(spanCount);
    const tmp = join(this._dir, spoolTempName(name));
    writeFileSync(tmp, Buffer.concat(body), { mode: 0o600 });
    renameSync(tmp, join(this._dir, name));
    return true;
  }

  /** Spooled batch file names, oldest first (unchecked: `drain` checks each before reading it). */
  async list(): Promise<string[]> {
    try {
      const names = await readdir(this._dir);
      return names.filter((n) => n.endsWith(SPOOL_SUFFIX)).sort(compareBatchNames);
    } catch {
      return [];
    }
  }

  /**
   * Re-sends spooled batches, oldest first, for as long as `send` delivers them: batches
   * spooled meanwhile and claims abandoned by dead processes are picked up too. Stops at
   * the first `keep` (the backend is still away) or once `stop()` says so.
   */
  async drain(
    send: (batch: SpooledBatch) => Promise<ReplayVerdict>,
    stop = (): boolean => false
  ): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, dropped: 0 };
    const seen = new Set<string>();
    for (;;) {
      await this._reclaimStale();
      const names = (await this.list()).filter((n) => !seen.has(n));
      if (names.length === 0) return result;
      for (const name of names) {
        if (stop()) return result;
        seen.add(name);
        const verdict = await this._replay(name, send);
        if (verdict === 'keep') return result;
        if (verdict !== undefined) result[verdict]++;
      }
    }
  }

  /** Claims, checks and sends one file; undefined when it was skipped (gone, taken or untrusted). */
  private async _replay(
    name: string,
    send: (batch: SpooledBatch) => Promise<ReplayVerdict>
  ): Promise<ReplayVerdict | undefined> {
    const file = join(this._dir, name);
    if (!(await this._looksTrusted(name, file))) return undefined;
    const claimed = join(this._dir, claimName(name));
    try {
      await rename(file, claimed);
    } catch {
      return undefined; // another process took it
    }
    held.add(claimed);
    try {
      const body = await this._readClaimed(name, claimed);
      if (body === undefined) return undefined;
      const verdict = await send({ body, spans: spanCountOf(name) });
      if (verdict === 'keep') await rename(claimed, file);
      else await unlink(claimed);
      return verdict;
    } finally {
      held.delete(claimed);
    }
  }

  /** A first look without opening: links, folders and other users' files are left where they are. */
  private async _looksTrusted(name: string, file: string): Promise<boolean> {
    let why: string | undefined;
    try {
      why = untrustedReason(await lstat(file), this._maxBytes);
    } catch {
      return false; // removed meanwhile
    }
    if (why !== undefined) this._warnUntrusted(name, why, false);
    return why === undefined;
  }

  /** Reads a claimed file; one that turns out not to be ours is set aside, never sent. */
  private async _readClaimed(name: string, claimed: string): Promise<Buffer | undefined> {
    let read: Buffer | string;
    try {
      read = await readTrusted(claimed, this._maxBytes);
    } catch (error) {
      // Unreadable for now (permissions, too many open files): put it back for a later drain.
      await rename(claimed, join(this._dir, name)).catch(() => undefined);
      diag.debug(`spool: could not read ${name}; left for a later attempt:`, error);
      return undefined;
    }
    let why = typeof read === 'string' ? read : undefined;
    if (typeof read !== 'string' && !hasBodyShape(read, this._bodyKey))
      why = `is not a request body of this exporter ({"${this._bodyKey}":[...]})`;
    if (why === undefined) return read as Buffer;
    this._warnUntrusted(name, why, true);
    await rename(claimed, join(this._dir, name + REJECTED_SUFFIX));
    return undefined;
  }

  private _warnUntrusted(name: string, why: string, setAside: boolean): void {
    const what = setAside ? `renamed to *${REJECTED_SUFFIX}` : 'left in place';
    warnOnce(
      `spool-untrusted:${this._dir}:${why}`,
      `spool folder ${this._dir}: ${JSON.stringify(name.slice(0, 120))} ${why}; it is not sent (${what}). ` +
        'The spool only re-sends regular files it wrote itself'
    );
  }

  /** Gives back batches claimed by processes that died (or exited) while sending them. */
  private async _reclaimStale(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this._dir);
    } catch {
      return;
    }
    for (const name of names) {
      const claim = parseClaim(name);
      const path = join(this._dir, name);
      if (claim === undefined || !isStaleClaim(claim, held, path)) continue;
      // Atomic: when two processes reclaim the same file, the second rename finds nothing.
      await rename(path, join(this._dir, claim.batch)).catch(() => undefined);
    }
  }

  private async _usedBytes(): Promise<number> {
    let total = 0;
    for (const name of await this.list()) {
      try {
        total += (await lstat(join(this._dir, name))).size;
      } catch {
        // Removed meanwhile by a drain.
      }
    }
    return total;
  }
}
