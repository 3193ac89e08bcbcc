/**
 * Activation of a `startScopedSpan(name, { activate: true })` span with AsyncLocalStorage's
 * `enterWith`, and the check that notices when that activation crossed into a concurrent call.
 */
import { getActiveSpan, markScopeExited, setSpan } from '../context/active-span.js';
import { enterContext, getActiveContext } from '../context/context-manager.js';
import { setDisposeHook } from '../core/span.js';
import type { Span } from '../core/types.js';
import { warnOnce } from '../diag/diag.js';
import { incrementCounter } from '../diag/internal-errors.js';

/** How many activated scoped spans were started while this one was the active span and are still open. */
interface ScopeState {
  openInner: number;
  readonly outer: ScopeState | undefined;
}

// Owned by this layer, so the core span carries no bookkeeping of ours.
const states = new WeakMap<Span, ScopeState>();

function nameOf(span: Span): string {
  const name = (span as { name?: unknown }).name;
  return typeof name === 'string' ? name.slice(0, 100) : '';
}

/**
 * A scope that ends while a scope started inside it is still open is what concurrent calls of an
 * async function produce: the first call's `enterWith` reached the caller, so every later call
 * became its child. A nested scope that is awaited always ends first, so this does not fire for it.
 */
function warnMerged(span: Span): void {
  incrementCounter('misuseWarnings');
  warnOnce(
    'scoped-span-merged',
    `startScopedSpan("${nameOf(span)}", { activate: true }) ended while a scoped span started after it ` +
      'in the same synchronous run was still open: concurrent calls of an async function that activates ' +
      'a scoped span before its first await are recorded as one trace. Run each call in its own scope ' +
      '(traceOperation or withSpan), or drop `activate` and pass `parent` explicitly'
  );
}

/** Makes `span` the active span until it is disposed (see `startScopedSpan`'s caveat). */
export function activateScopedSpan(span: Span): void {
  const outerSpan = getActiveSpan();
  const outer = outerSpan === undefined ? undefined : states.get(outerSpan);
  const state: ScopeState = { openInner: 0, outer };
  if (outer !== undefined) outer.openInner++;
  states.set(span, state);
  const restore = enterContext(setSpan(getActiveContext(), span));
  setDisposeHook(span, () => {
    markScopeExited(span, outerSpan);
    restore();
    if (state.outer !== undefined) state.outer.openInner--;
    if (state.openInner > 0) warnMerged(span);
  });
}
