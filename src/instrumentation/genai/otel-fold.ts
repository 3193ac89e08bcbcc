/**
 * One model call, one LLM span: a client library that records its own OpenTelemetry span for a
 * call (the Anthropic SDK since 0.134) may start it before our wrapper runs (`messages.stream()`
 * hands it down to `create`). When `NoveumSpanProcessor` mirrors the app's OpenTelemetry spans,
 * that span is folded into our LLM span for the call instead of being exported next to it.
 */
import { getClient } from '../../api/client.js';
import { readForeignParent } from '../../core/foreign-parent.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';

interface Folding {
  fold(spanId: string, into: Span): boolean;
}

/**
 * Folds the library's OpenTelemetry span for the call (read by `readSpan`, which may meet
 * hostile request options) into `into`, our span for it. Never throws.
 */
export function foldLibrarySpan(readSpan: () => unknown, into: Span): void {
  try {
    const otelSpan = readSpan();
    if (otelSpan === undefined || otelSpan === null) return;
    const ids = readForeignParent(otelSpan);
    const tracer = (getClient() as { tracer?: Partial<Folding> }).tracer;
    if (ids === undefined || typeof tracer?.fold !== 'function') return;
    tracer.fold(ids.spanId, into);
  } catch (error) {
    reportInternalError('genai.foldLibrarySpan', error);
  }
}
