/**
 * Spans whose end depends on the caller (a stream it may stop reading without `break` or
 * `abort()`) register how to end them early. Shutdown and the exit flush call every one still
 * alive, so such a span is exported with what was seen instead of being lost with the process.
 *
 * Work is held weakly: whoever owns it (the stream, through the function `trackOpenWork`
 * returns) keeps it tracked, and work whose owner was garbage-collected is forgotten, so a
 * long-running app that abandons streams does not accumulate them here.
 */
import { reportInternalError } from '../diag/internal-errors.js';
import { getGlobal } from '../internal/global.js';

type EndFn = () => void;

interface OpenWork {
  end: EndFn;
}

/** Something holding spans that are still open (a tracer): ended with an error when the process crashes. */
export interface OpenSpanSource {
  endOpenSpans(error: unknown): void;
}

interface Registry {
  readonly live: Set<WeakRef<OpenWork>>;
  readonly forget: FinalizationRegistry<WeakRef<OpenWork>>;
  // Optional: a registry created by an older copy of this module has no such field.
  spanSources?: Set<WeakRef<OpenSpanSource>>;
}

// Shared through globalThis so shutdown() from either build ends work tracked by the other.
const registry = getGlobal<Registry>('open-work', () => {
  const live = new Set<WeakRef<OpenWork>>();
  return { live, forget: new FinalizationRegistry((ref) => void live.delete(ref)) };
});

/**
 * Tracks one piece of open work while the returned function is reachable.
 *
 * @param end - ends the work early; called at most once, by {@link endOpenWork}
 * @returns stops tracking (call it when the work ends by itself); keep it with the work's owner
 */
export function trackOpenWork(end: EndFn): () => void {
  const work: OpenWork = { end };
  const ref = new WeakRef(work);
  registry.live.add(ref);
  registry.forget.register(work, ref, work);
  return () => {
    // Referencing `work` here is what keeps it alive for as long as its owner holds this function.
    registry.forget.unregister(work);
    registry.live.delete(ref);
  };
}

/** Ends every piece of work still tracked (at shutdown or process exit). Never throws. */
export function endOpenWork(): void {
  for (const ref of [...registry.live]) {
    registry.live.delete(ref);
    const work = ref.deref();
    if (work === undefined) continue;
    registry.forget.unregister(work);
    try {
      work.end();
    } catch (error) {
      reportInternalError('endOpenWork', error);
    }
  }
}

/** Registers a tracer whose open spans {@link endOpenSpans} ends; held weakly. */
export function trackOpenSpans(source: OpenSpanSource): void {
  const sources = (registry.spanSources ??= new Set());
  // Tracers of replaced clients are collected; their entries go here (init() is rare).
  for (const ref of sources) if (ref.deref() === undefined) sources.delete(ref);
  sources.add(new WeakRef(source));
}

/**
 * The process is dying of `error` (an uncaught exception or unhandled rejection): every span
 * still open ends with status error and the error recorded, so the traces it belongs to are
 * exported with what happened instead of vanishing. Never throws.
 */
export function endOpenSpans(error: unknown): void {
  for (const ref of [...(registry.spanSources ?? [])]) {
    const source = ref.deref();
    if (source === undefined) {
      registry.spanSources?.delete(ref);
      continue;
    }
    try {
      source.endOpenSpans(error);
    } catch (e) {
      reportInternalError('endOpenSpans', e);
    }
  }
}
