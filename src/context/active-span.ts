import type { Span } from '../core/types.js';
import { createContextKey, type Context } from './context.js';
import { getGlobal } from '../internal/global.js';
import { getActiveContext } from './context-manager.js';

const SPAN_KEY = createContextKey('span');
const SUPPRESS_KEY = createContextKey('suppress-tracing');

/** The span stored in `context`, if any. */
export function getSpan(context: Context): Span | undefined {
  return context.getValue(SPAN_KEY) as Span | undefined;
}

/** A new context with `span` as its active span. */
export function setSpan(context: Context, span: Span): Context {
  return context.setValue(SPAN_KEY, span);
}

/**
 * Spans entered with `using` (`startScopedSpan`) → the span active before them. `enterWith` also
 * changes the context of an async function's caller, which keeps it after the scope exits; once
 * a scope has exited, lookups skip its span and see the span that was active before it.
 * Process-wide, like the context storage: every copy of the package must see the same marks.
 */
const exitedScopes = getGlobal('exited-scopes', () => new WeakMap<Span, Span | undefined>());

/** Marks the scope of `span` as exited; `outer` was the active span when it was entered. */
export function markScopeExited(span: Span, outer: Span | undefined): void {
  exitedScopes.set(span, outer);
}

/** The active span of the running code, if any. */
export function getActiveSpan(): Span | undefined {
  return getActiveSpanIn(getActiveContext());
}

/** The active span in `context` (the active context, read once by the caller), if any. */
export function getActiveSpanIn(context: Context): Span | undefined {
  let span = context.getValue(SPAN_KEY) as Span | undefined;
  // Bounded walk: each exited scope points at the span that was active when it was entered.
  for (let i = 0; span !== undefined && exitedScopes.has(span) && i < 1000; i++) span = exitedScopes.get(span);
  return span;
}

/** A context in which instrumentations create no spans. */
export function suppressTracing(context: Context): Context {
  return context.setValue(SUPPRESS_KEY, true);
}

// Shared by every copy of the package, like the context storage.
const syncSuppression = getGlobal('syncSuppression', () => ({ depth: 0 }));

/**
 * Runs `fn` with tracing suppressed for its synchronous part only. The exporter's requests use
 * this rather than a suppressed context: running anything in an AsyncLocalStorage context turns
 * on Node's promise hooks for the whole process (on Node 20 they tax every promise of the app),
 * and an app that only auto-instruments a client should not pay for that. Instrumentations hook
 * request creation, which is synchronous, so this covers what a suppressed context would.
 */
export function runSuppressed<R>(fn: () => R): R {
  syncSuppression.depth++;
  try {
    return fn();
  } finally {
    syncSuppression.depth--;
  }
}

export function isTracingSuppressed(context: Context = getActiveContext()): boolean {
  return syncSuppression.depth > 0 || context.getValue(SUPPRESS_KEY) === true;
}
