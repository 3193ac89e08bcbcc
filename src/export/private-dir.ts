import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { reportInternalError } from '../diag/internal-errors.js';

/** The default folder of trace files, and a common home for the spool (`.noveum/spool`). */
export const DEFAULT_TRACE_DIR = '.noveum';

const GITIGNORE = '# Written by noveum-trace: traces hold prompts and responses; keep them out of git.\n*\n';

/**
 * Creates `dir` (and missing parents) readable by its owner only: traces and spooled
 * batches hold prompts and responses. With `gitignore`, `dir` itself when it is named
 * `.noveum`, or else the topmost folder this call created, gets a `.gitignore` of `*`;
 * an existing `.gitignore` is never touched, and a folder the user already had
 * (say the project root) gets none.
 */
export async function ensurePrivateDir(dir: string, gitignore: boolean): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  const home = gitignoreHome(dir, created, gitignore);
  if (home === undefined) return;
  try {
    // 'wx': an existing .gitignore (or a link in its place) is never followed nor overwritten.
    await writeFile(join(home, '.gitignore'), GITIGNORE, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    ignoreExisting(error);
  }
}

/** {@link ensurePrivateDir} for a process that is ending, when only synchronous work runs. */
export function ensurePrivateDirSync(dir: string, gitignore: boolean): void {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  const home = gitignoreHome(dir, created, gitignore);
  if (home === undefined) return;
  try {
    writeFileSync(join(home, '.gitignore'), GITIGNORE, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    ignoreExisting(error);
  }
}

function gitignoreHome(dir: string, created: string | undefined, gitignore: boolean): string | undefined {
  if (!gitignore) return undefined;
  return basename(dir) === DEFAULT_TRACE_DIR ? dir : created;
}

function ignoreExisting(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') reportInternalError('.gitignore', error);
}
