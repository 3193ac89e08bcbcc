/**
 * A trace continued from another process (`continueTrace`): the remote parent and the baggage
 * that came with it, kept in the active context until a span is started under it. Keys are
 * `Symbol.for` so every copy of the package (ESM, CommonJS, the middleware entries) reads them.
 */
import type { RemoteParent } from '../core/foreign-parent.js';
import { createContextKey, type Context } from './context.js';

const REMOTE_PARENT_KEY = createContextKey('remote-parent');
const BAGGAGE_KEY = createContextKey('baggage');
// The same symbol active-span.ts uses: a continued trace hides any span active around it.
const SPAN_KEY = createContextKey('span');

/** What a context carries from an incoming request. */
export interface RemoteContext {
  readonly parent: (RemoteParent & { readonly traceState?: string | undefined }) | undefined;
  readonly baggage: ReadonlyMap<string, string>;
}

/** A context in which new root spans continue `remote.parent` and see `remote.baggage`. */
export function setRemoteContext(context: Context, remote: RemoteContext): Context {
  return context.deleteValue(SPAN_KEY).setValue(REMOTE_PARENT_KEY, remote.parent).setValue(BAGGAGE_KEY, remote.baggage);
}

/** The remote parent a new root span in `context` continues, if any. */
export function getRemoteParent(context: Context): RemoteContext['parent'] {
  return context.getValue(REMOTE_PARENT_KEY) as RemoteContext['parent'];
}

/** The baggage received with the continued trace (empty when none). */
export function getBaggage(context: Context): ReadonlyMap<string, string> | undefined {
  return context.getValue(BAGGAGE_KEY) as ReadonlyMap<string, string> | undefined;
}
