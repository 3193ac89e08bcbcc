import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SUFFIX = '.batch.json';
let sequence = 0;

/**
 * Batches that could not be delivered, one file per batch, written atomically
 * (temp file + rename) so a crash never leaves half a batch to re-send.
 * Files are claimed by rename before re-sending, so two processes sharing a
 * spool folder never send the same batch twice.
 */
export class Spool {
  constructor(
    private readonly _dir: string,
    private readonly _maxBytes: number
  ) {}

  get dir(): string {
    return this._dir;
  }

  /** Writes one batch body (its chunks in order); false when the spool is full (the caller counts the loss). */
  async write(body: readonly Buffer[]): Promise<boolean> {
    await mkdir(this._dir, { recursive: true });
    let size = 0;
    for (const chunk of body) size += chunk.length;
    if ((await this._usedBytes()) + size > this._maxBytes) return false;
    const name = `${Date.now()}-${process.pid}-${++sequence}`;
    const tmp = join(this._dir, `.${name}.tmp`);
    await writeFile(tmp, body, { mode: 0o600 });
    await rename(tmp, join(this._dir, name + SUFFIX));
    return true;
  }

  /**
   * `write()` for a process that is ending (`process.exit()`, a crash), where only synchronous
   * work still runs: the same file, named and written the same way (temp file + rename).
   */
  writeSync(body: readonly Buffer[]): boolean {
    mkdirSync(this._dir, { recursive: true });
    let size = 0;
    for (const chunk of body) size += chunk.length;
    let used = 0;
    for (const name of readdirSync(this._dir)) {
      if (!name.endsWith(SUFFIX)) continue;
      try {
        used += statSync(join(this._dir, name)).size;
      } catch {
        // Removed meanwhile by a drain.
      }
    }
    if (used + size > this._maxBytes) return false;
    const name = `${Date.now()}-${process.pid}-${++sequence}`;
    const tmp = join(this._dir, `.${name}.tmp`);
    writeFileSync(tmp, Buffer.concat(body), { mode: 0o600 });
    renameSync(tmp, join(this._dir, name + SUFFIX));
    return true;
  }

  /** Spooled batch files, oldest first. */
  async list(): Promise<string[]> {
    try {
      const names = await readdir(this._dir);
      return names.filter((n) => n.endsWith(SUFFIX)).sort(compareBatchNames);
    } catch {
      return [];
    }
  }

  /**
   * Re-sends spooled batches in order through `send`; a delivered batch is deleted.
   * Stops at the first batch `send` cannot deliver (the backend is still away).
   * Returns the number of batches delivered.
   */
  async drain(send: (body: readonly Buffer[]) => Promise<boolean>): Promise<number> {
    let delivered = 0;
    for (const name of await this.list()) {
      const file = join(this._dir, name);
      const claimed = `${file}.${process.pid}.sending`;
      try {
        await rename(file, claimed);
      } catch {
        continue; // another process took it
      }
      // Read as bytes, not text: decoding a large batch to a string would stall the loop.
      const body = await readFile(claimed);
      if (await send([body])) {
        await unlink(claimed);
        delivered++;
      } else {
        await rename(claimed, file);
        break;
      }
    }
    return delivered;
  }

  private async _usedBytes(): Promise<number> {
    let total = 0;
    for (const name of await this.list()) {
      try {
        total += (await stat(join(this._dir, name))).size;
      } catch {
        // Removed meanwhile by a drain.
      }
    }
    return total;
  }
}

// Names start with the epoch ms, so numeric order is time order across processes.
function compareBatchNames(a: string, b: string): number {
  const ta = Number(a.split('-')[0]);
  const tb = Number(b.split('-')[0]);
  return ta === tb ? a.localeCompare(b) : ta - tb;
}
