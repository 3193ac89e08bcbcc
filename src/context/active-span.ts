import type { Span } from '../core/types.js';
import { createContextKey, type Context } from './context.js';
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

/** The active span of the running code, if any. */
export function getActiveSpan(): Span | undefined {
  return getActiveContext().getValue(SPAN_KEY) as Span | undefined;
}

/** A context in which instrumentations create no spans: the exporter's own HTTP runs in it. */
export function suppressTracing(context: Context): Context {
  return context.setValue(SUPPRESS_KEY, true);
}

export function isTracingSuppressed(context: Context = getActiveContext()): boolean {
  return context.getValue(SUPPRESS_KEY) === true;
}
