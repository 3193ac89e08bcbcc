import { endOpenWork } from '../core/open-work.js';
import { diag } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';

/** What the exit hooks flush: the batch processors `init()` built. */
export interface ExitFlushTarget {
  forceFlush(timeoutMs?: number): Promise<void>;
  hasPendingWork(): boolean;
  readonly isShutdown: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type ExitSignal = (typeof SIGNALS)[number];

const targets = new Set<ExitFlushTarget>();
let installed = false;
let flushTimeoutMs = 5_000;
let exiting: Promise<void> | undefined;
let gaveUp = false;

function live(): ExitFlushTarget[] {
  for (const t of targets) if (t.isShutdown) targets.delete(t);
  return [...targets];
}

/**
 * Flushes every target, holding the process open (with a ref'd timer) for at most
 * `flushTimeoutMs`: our own timers are unref'd, so without it the loop could end mid-flush.
 */
function flushAll(): Promise<void> {
  exiting ??= (async () => {
    const keepAlive = setTimeout(() => {}, flushTimeoutMs);
    try {
      await Promise.all(live().map((t) => t.forceFlush(flushTimeoutMs)));
    } catch (error) {
      reportInternalError('exit flush', error);
    } finally {
      clearTimeout(keepAlive);
      exiting = undefined;
    }
  })();
  return exiting;
}

// The loop is empty: export what is queued. Node emits beforeExit again afterwards,
// and with nothing pending we return and the process ends as it would have.
const hasPendingWork = (): boolean => live().some((t) => t.hasPendingWork());

function onBeforeExit(): void {
  // The loop is empty: a stream still unsettled was abandoned by its caller, so end it and send it.
  endOpenWork();
  if (exiting !== undefined || gaveUp || !hasPendingWork()) return;
  void flushAll().then(() => {
    // Still busy after a bounded flush: the backend hangs. Flushing again on the next
    // beforeExit would hold the process open for as long as it hangs, so let it exit.
    if (hasPendingWork()) gaveUp = true;
  });
}

function onSignal(signal: ExitSignal): void {
  const othersListen = process.listeners(signal).some((l) => l !== signalHandlers[signal]);
  if (othersListen) {
    // The app handles this signal and decides when to exit; we only flush meanwhile.
    void flushAll();
    return;
  }
  if (exiting !== undefined && reraising) return reraise(signal); // a second Ctrl-C: leave now
  reraising = true;
  // The process ends with this signal: streams still open will never be finished.
  endOpenWork();
  void flushAll().finally(() => reraise(signal));
}

let reraising = false;

/** Removes our listener and sends the signal again, so the default action (and exit code) applies. */
function reraise(signal: ExitSignal): void {
  uninstallExitHooks();
  try {
    process.kill(process.pid, signal);
  } catch (error) {
    reportInternalError('exit re-raise', error);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
}

const signalHandlers: Readonly<Record<ExitSignal, () => void>> = {
  SIGTERM: () => onSignal('SIGTERM'),
  SIGINT: () => onSignal('SIGINT'),
};

/**
 * Makes pending traces leave on normal exit (`beforeExit`) and on SIGTERM/SIGINT,
 * without changing how the app exits: with an app listener for the signal, the app
 * still decides; with none, we flush (bounded) and re-raise the signal.
 * Called by `init()` only, never at import.
 */
export function registerExitFlush(target: ExitFlushTarget, timeoutMs?: number): void {
  if (typeof timeoutMs === 'number' && timeoutMs > 0) flushTimeoutMs = timeoutMs;
  targets.add(target);
  gaveUp = false;
  if (installed) return;
  installed = true;
  reraising = false;
  process.on('beforeExit', onBeforeExit);
  for (const s of SIGNALS) process.on(s, signalHandlers[s]);
  diag.debug('exit hooks installed: pending traces are flushed on exit, SIGTERM and SIGINT');
}

/** Removes the process listeners (tests; and before re-raising a signal). */
export function uninstallExitHooks(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('beforeExit', onBeforeExit);
  for (const s of SIGNALS) process.removeListener(s, signalHandlers[s]);
  targets.clear();
}
