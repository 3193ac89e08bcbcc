/**
 * The spool's on-disk format, in one place so every writer (async and sync) names
 * files the same way and every reader trusts only what a writer could have made.
 *
 * A batch file is `<epochMs>-<pid>-<seq>-n<spans>.batch.json`: the request body
 * exactly as it would be POSTed (uncompressed JSON), nothing added, so replay sends
 * the file's bytes unchanged. It is written as `.<name>.tmp` (mode 0600) in the
 * folder (created 0700), then renamed to `<name>`. A sender claims it by renaming it
 * to `<name>.<pid>-<claimMs>.sending`; the claim is undone if the sender dies.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';

export const SPOOL_SUFFIX = '.batch.json';
const CLAIM_SUFFIX = '.sending';
/** What an untrusted file is renamed to once claimed: out of the drain, left for the user to inspect. */
export const REJECTED_SUFFIX = '.rejected';

/**
 * A claim older than this is taken back even when its pid is alive: pids are reused
 * (in containers every run may be pid 1), and no single request outlives it.
 */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

let sequence = 0;

/**
 * The name of a new batch file; its temp file is `.<name>.tmp` in the same folder.
 * `spanCount` is recorded so a batch the backend later refuses is counted as dropped spans.
 */
export function spoolFileName(spanCount: number, now = Date.now()): string {
  const spans = Number.isSafeInteger(spanCount) && spanCount >= 0 ? spanCount : 0;
  return `${now}-${process.pid}-${++sequence}-n${spans}${SPOOL_SUFFIX}`;
}

/** The temp file a batch is written to before its rename to `name`. */
export function spoolTempName(name: string): string {
  return `.${name}.tmp`;
}

const BATCH_NAME = /^(\d+)-(\d+)-(\d+)(?:-n(\d+))?\.batch\.json$/;

/** The span count a batch file name records; undefined for names written before it was recorded. */
export function spanCountOf(name: string): number | undefined {
  const n = BATCH_NAME.exec(name)?.[4];
  return n === undefined ? undefined : Number(n);
}

// Names start with the epoch ms, so numeric order is time order across processes.
export function compareBatchNames(a: string, b: string): number {
  const ta = Number(a.split('-')[0]);
  const tb = Number(b.split('-')[0]);
  return ta === tb ? a.localeCompare(b) : ta - tb;
}

/** The name a sender renames a batch file to while it sends it. */
export function claimName(name: string, now = Date.now()): string {
  return `${name}.${process.pid}-${now}${CLAIM_SUFFIX}`;
}

export interface Claim {
  /** The batch file name the claim came from. */
  readonly batch: string;
  readonly pid: number;
  /** When the claim was made; undefined for claims made before it was recorded (`<name>.<pid>.sending`). */
  readonly claimedAt: number | undefined;
}

const CLAIM_NAME = /^(.+\.batch\.json)\.(\d+)(?:-(\d+))?\.sending$/;

export function parseClaim(name: string): Claim | undefined {
  const m = CLAIM_NAME.exec(name);
  if (m === null) return undefined;
  return { batch: m[1]!, pid: Number(m[2]), claimedAt: m[3] === undefined ? undefined : Number(m[3]) };
}

function isAlive(pid: number): boolean {
  // 0 and negative pids address process groups; never signal them.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A claim nobody will finish: its process is gone, it is ours but not one we hold
 * (an earlier process with our pid), or it is older than any request could last.
 */
export function isStaleClaim(claim: Claim, held: ReadonlySet<string>, path: string, now = Date.now()): boolean {
  if (claim.claimedAt !== undefined && now - claim.claimedAt > STALE_CLAIM_MS) return true;
  if (claim.pid === process.pid) return !held.has(path);
  return !isAlive(claim.pid);
}

/** Why an entry is not a file this spool wrote; undefined when it may be. */
export function untrustedReason(stats: Stats, maxBytes: number): string | undefined {
  if (stats.isSymbolicLink()) return 'is a symbolic link';
  if (!stats.isFile()) return 'is not a regular file';
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return 'is owned by another user';
  // Our files are renamed into place, never linked: a second link points at someone's file.
  if (stats.nlink > 1) return 'has other hard links';
  if (stats.size > maxBytes) return 'is larger than maxSpoolBytes';
  return undefined;
}

// O_NOFOLLOW: a link swapped in after the check is refused by the kernel, not followed.
// O_NONBLOCK: a FIFO swapped in cannot block a thread-pool thread on open.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Reads a claimed file if it is still one this spool could have written; else says why not. */
export async function readTrusted(path: string, maxBytes: number): Promise<Buffer | string> {
  let handle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return 'is a symbolic link';
    throw error;
  }
  try {
    const why = untrustedReason(await handle.stat(), maxBytes);
    return why ?? (await handle.readFile());
  } finally {
    await handle.close();
  }
}

const isSpace = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Whether `body` is shaped like a request body of this exporter: UTF-8, one JSON object
 * opening with `{"<key>":[` and closing with `}`. A structural check on purpose: parsing a
 * multi-megabyte batch would stall the event loop, and ownership and the name are checked too.
 */
export function hasBodyShape(body: Buffer, key: string): boolean {
  const head = body.subarray(0, 256).toString('latin1');
  const opening = new RegExp(`^\\s*\\{\\s*"${key}"\\s*:\\s*\\[`);
  if (!opening.test(head)) return false;
  let end = body.length - 1;
  while (end >= 0 && isSpace(body[end])) end--;
  return body[end] === 0x7d && isUtf8(body);
}
