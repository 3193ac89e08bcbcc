import { readFileSync } from 'node:fs';
import { endOpenSpans, endOpenWork } from '../core/open-work.js';
import { diag } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import type { FlushLeftover } from './batch-processor.js';

/** What the exit hooks flush: the batch processors `init()` built. */
export interface ExitFlushTarget {
  readonly isShutdown: boolean;
  /** Longest wait for delivery when the process ends (`export.exitTimeoutMs`). */
  readonly exitTimeoutMs: number;
  hasPendingWork(): boolean;
  flushWithin(timeoutMs: number): Promise<FlushLeftover | undefined>;
  /** Stops retrying: the process is ending. */
  beginExit(): void;
  /** Synchronously: sends within `sendMs`, else spools, else counts as dropped. */
  finishSync(sendMs: number): void;
  /** One line for what was spooled or lost since `beginExit`, if anything. */
  reportExit(context: string): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
type ExitSignal = (typeof SIGNALS)[number];
const SIGNAL_EXIT_CODES: Readonly<Record<ExitSignal, number>> = { SIGTERM: 143, SIGINT: 130, SIGHUP: 129 };

const targets = new Set<ExitFlushTarget>();
let installed = false;
let defaultBudgetMs = 5_000;
let exiting: Promise<void> | undefined;
let gaveUp = false;
/** The last, synchronous step ran (crash, `process.exit()`): nothing more can leave. */
let finished = false;
let reraising = false;
let hookedSignals: readonly ExitSignal[] = [];

function live(): ExitFlushTarget[] {
  for (const t of targets) if (t.isShutdown) targets.delete(t);
  return [...targets];
}

/** The exit budget: the longest `exitTimeoutMs` of the pipelines (they wait side by side). */
function budgetMs(list: readonly ExitFlushTarget[]): number {
  return list.length === 0 ? defaultBudgetMs : Math.max(...list.map((t) => t.exitTimeoutMs));
}

/**
 * Runs `work` while a ref'd timer holds the process open for at most `ms`: our own timers
 * are unref'd, so without it the loop could end mid-flush.
 */
function holdingProcess(ms: number, work: () => Promise<void>): Promise<void> {
  exiting ??= (async () => {
    const keepAlive = setTimeout(() => {}, ms);
    try {
      await work();
    } catch (error) {
      reportInternalError('exit flush', error);
    } finally {
      clearTimeout(keepAlive);
      exiting = undefined;
    }
  })();
  return exiting;
}

/**
 * The process is ending: retries stop, what is queued gets the exit budget to leave, and what
 * has not left by then is spooled (with `spoolDir`) or counted as dropped, in one line.
 */
function flushAtExit(): Promise<void> {
  const list = live();
  const ms = budgetMs(list);
  return holdingProcess(ms, async () => {
    for (const t of list) t.beginExit();
    const left = await Promise.all(list.map((t) => t.flushWithin(ms)));
    list.forEach((t, i) => {
      if (left[i] !== undefined) t.finishSync(0);
      t.reportExit(left[i] === undefined ? 'at exit' : `flush did not finish within ${ms} ms at exit`);
    });
  });
}

/** The app handles the signal and decides when to exit; we only flush meanwhile. */
function flushOnly(): Promise<void> {
  const list = live();
  const ms = budgetMs(list);
  return holdingProcess(ms, async () => {
    await Promise.all(list.map((t) => t.flushWithin(ms)));
  });
}

const hasPendingWork = (): boolean => live().some((t) => t.hasPendingWork());

function onBeforeExit(): void {
  // The loop is empty: a stream still unsettled was abandoned by its caller, so end it and send it.
  endOpenWork();
  if (exiting !== undefined || gaveUp || finished || !hasPendingWork()) return;
  void flushAtExit().then(() => {
    // Still busy after a bounded flush: flushing again on the next beforeExit would hold
    // the process open for as long as the backend hangs, so let it exit.
    if (hasPendingWork()) gaveUp = true;
  });
}

/**
 * Synchronous work only from here: `process.exit()` was called (or the loop ended with work
 * left). Sends what is pending within the budget from a worker thread, spools the rest.
 */
function onExit(): void {
  if (finished) return;
  const list = live().filter((t) => t.hasPendingWork());
  if (list.length === 0) return;
  finished = true;
  finishAll(list, gaveUp ? 0 : budgetMs(list), 'at process exit');
}

function finishAll(list: readonly ExitFlushTarget[], ms: number, context: string): void {
  const deadline = Date.now() + ms;
  for (const t of list) {
    try {
      t.finishSync(Math.max(0, deadline - Date.now()));
      t.reportExit(context);
    } catch (error) {
      reportInternalError('exit finish', error);
    }
  }
}

/**
 * `uncaughtExceptionMonitor` runs before Node decides what an uncaught exception (or an unhandled
 * rejection, in the default mode) does, and changes nothing about it: with no app listener, Node
 * prints the error and exits with code 1 right after we return, exactly as without us. So the
 * work is synchronous: open spans end with the error, then everything is sent (from a worker
 * thread, within the exit budget) or spooled. An `unhandledRejection` listener of our own would
 * have turned the crash into a warning, and an `uncaughtException` one would have kept the
 * process alive or changed what is printed.
 */
function onCrash(error: unknown, origin: string): void {
  // The app (or a domain / capture callback) handles it and the process lives on: not ours to end.
  if (process.listenerCount('uncaughtException') > 0 || process.hasUncaughtExceptionCaptureCallback()) return;
  if (finished) return;
  finished = true;
  try {
    endOpenSpans(error);
    const list = live();
    finishAll(
      list,
      budgetMs(list),
      `at ${origin === 'unhandledRejection' ? 'an unhandled rejection' : 'an uncaught exception'}`
    );
  } catch (e) {
    reportInternalError('crash flush', e);
  }
}

function onSignal(signal: ExitSignal): void {
  const othersListen = process.listeners(signal).some((l) => l !== signalHandlers[signal]);
  if (othersListen) {
    void flushOnly();
    return;
  }
  if (reraising) return reraise(signal); // a second Ctrl-C: leave now
  reraising = true;
  // The process ends with this signal: streams still open will never be finished.
  endOpenWork();
  void flushAtExit().finally(() => reraise(signal));
}

/** Removes our listener and sends the signal again, so the default action (and exit code) applies. */
function reraise(signal: ExitSignal): void {
  uninstallExitHooks();
  try {
    process.kill(process.pid, signal);
  } catch (error) {
    reportInternalError('exit re-raise', error);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  }
}

const signalHandlers: Readonly<Record<ExitSignal, () => void>> = {
  SIGTERM: () => onSignal('SIGTERM'),
  SIGINT: () => onSignal('SIGINT'),
  SIGHUP: () => onSignal('SIGHUP'),
};

/**
 * A process started with SIGHUP ignored (`nohup`) must keep ignoring it: a listener would
 * replace the ignore, and our re-raise would then end a process meant to survive the hang-up.
 * Linux tells us through /proc; elsewhere we cannot know and assume the default action.
 */
function sighupIgnored(): boolean {
  try {
    const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

/**
 * Makes pending traces leave when the process ends, without changing how it ends: on normal
 * exit (`beforeExit`), on SIGTERM/SIGINT/SIGHUP (with an app listener, the app still decides;
 * with none, we flush, bounded, and re-raise the signal), on `process.exit()` (synchronously)
 * and on a crash (`uncaughtExceptionMonitor`). Called by `init()` only, never at import.
 *
 * @param timeoutMs - the exit budget when the target has none of its own (tests)
 */
export function registerExitFlush(target: ExitFlushTarget, timeoutMs?: number): void {
  if (typeof timeoutMs === 'number' && timeoutMs >= 0) defaultBudgetMs = timeoutMs;
  targets.add(target);
  gaveUp = false;
  finished = false;
  if (installed) return;
  installed = true;
  reraising = false;
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  process.on('uncaughtExceptionMonitor', onCrash);
  hookedSignals = SIGNALS.filter((s) => s !== 'SIGHUP' || !sighupIgnored());
  for (const s of hookedSignals) process.on(s, signalHandlers[s]);
  diag.debug(`exit hooks installed: pending traces are flushed on exit, ${hookedSignals.join(', ')} and crashes`);
}

/** Removes the process listeners (tests; and before re-raising a signal). */
export function uninstallExitHooks(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('beforeExit', onBeforeExit);
  process.removeListener('exit', onExit);
  process.removeListener('uncaughtExceptionMonitor', onCrash);
  for (const s of hookedSignals) process.removeListener(s, signalHandlers[s]);
  targets.clear();
}
