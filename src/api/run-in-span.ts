import { setSpan } from '../context/active-span.js';
import type { Context } from '../context/context.js';
import { getActiveContext, withContext } from '../context/context-manager.js';
import { endLlmOwner, getLlmOwner, setLlmOwner, type LlmOwner } from '../context/llm-owner.js';
import type { Span } from '../core/types.js';
import { reportInternalError } from '../diag/internal-errors.js';

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

/** Records `error` on `span`, marks it failed and ends it. Never throws. */
export function endSpanWithError(span: Span, error: unknown): void {
  try {
    if (span.isEnded()) return;
    span.recordException(error);
    span.setStatus('error', errorMessage(error));
    span.end();
  } catch (internal) {
    reportInternalError('endSpanWithError', internal);
  }
}

/** Marks `span` ok unless the user set a status, and ends it. Never throws. */
export function endSpanOk(span: Span): void {
  try {
    if (span.isEnded()) return;
    if ((span as { status?: { code: string } }).status?.code === 'unset') span.setStatus('ok');
    span.end();
  } catch (internal) {
    reportInternalError('endSpanOk', internal);
  }
}

function tagOf(value: object): string {
  return Object.prototype.toString.call(value);
}

/** True for a promise made by `Promise` or a subclass (an SDK's `APIPromise`), from any realm. */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Promise) return true;
  return tagOf(value) === '[object Promise]' && typeof (value as { then?: unknown }).then === 'function';
}

/** How a scope's span ends: at once, or (an LLM owner) after the streams writing onto it. */
interface Ending {
  ok(): void;
  error(error: unknown): void;
}

function endingOf(span: Span, owner: LlmOwner | undefined): Ending {
  if (owner === undefined) return { ok: () => endSpanOk(span), error: (e) => endSpanWithError(span, e) };
  return {
    ok: () => endLlmOwner(owner, () => endSpanOk(span)),
    error: (e) => endLlmOwner(owner, () => endSpanWithError(span, e)),
  };
}

/** Options of `runInSpan`. */
export interface RunInSpanOptions {
  /** The span stands for one model call: a provider call inside writes onto it (see context/llm-owner). */
  readonly llmOwner?: boolean;
}

/**
 * Runs `invoke` with `span` active and ends the span when the work is done:
 * at return for sync code, at settlement for promises (the same promise is
 * returned, never a wrapper, so SDK promise subclasses keep their methods; a
 * thenable that is not a promise, such as a query builder, ends at return),
 * and at exhaustion, early return or throw for generators.
 * A sync throw stays a sync throw; errors are rethrown as the same object.
 */
export function runInSpan<R>(span: Span, invoke: () => R, options?: RunInSpanOptions): R {
  let ctx = setSpan(getActiveContext(), span);
  // Only the owner's own span waits for its streams; a span opened inside it ends as usual.
  let owner: LlmOwner | undefined;
  if (options?.llmOwner === true) {
    ctx = setLlmOwner(ctx, span);
    owner = getLlmOwner(ctx);
  }
  const ending = endingOf(span, owner);
  let result: R;
  try {
    result = withContext(ctx, invoke);
  } catch (error) {
    ending.error(error);
    throw error;
  }
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    ending.ok();
    return result;
  }
  return observeResult(ending, ctx, result);
}

function observeResult<R>(ending: Ending, ctx: Context, result: R & object): R {
  try {
    const tag = tagOf(result);
    if (tag === '[object AsyncGenerator]') return wrapGenerator(ending, ctx, result as never, true) as R;
    if (tag === '[object Generator]') return wrapGenerator(ending, ctx, result as never, false) as R;
    // Only real promises (SDK subclasses included) are observed: calling `then` on another
    // thenable (a query builder) may run its work a second time, so its span ends at return.
    if (isNativePromise(result)) {
      // Observe on a side chain; its rejection handler keeps this chain from ever rejecting unhandled.
      // The instance's own `then`: an SDK subclass (APIPromise) resolves its data through it.
      void result.then.call(
        result,
        () => ending.ok(),
        (error: unknown) => ending.error(error)
      );
      return result;
    }
  } catch (internal) {
    reportInternalError('runInSpan.observe', internal);
  }
  ending.ok();
  return result;
}

type AnyGenerator = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;
type Step = 'next' | 'return' | 'throw';

/**
 * Wraps a generator so each resumption runs in the span's context (a generator body
 * otherwise runs in whoever calls `next()`), and the span ends exactly once.
 */
function wrapGenerator(ending: Ending, ctx: Context, gen: AnyGenerator, isAsync: boolean): AnyGenerator {
  const onResult = (r: IteratorResult<unknown>): IteratorResult<unknown> => {
    if (r.done === true) ending.ok();
    return r;
  };
  const onError = (error: unknown): never => {
    ending.error(error);
    throw error;
  };
  const step = (method: Step, arg: unknown): unknown => {
    let r: unknown;
    try {
      r = withContext(ctx, () => (gen[method] as (a: unknown) => unknown).call(gen, arg));
    } catch (error) {
      return onError(error);
    }
    if (!isAsync) return onResult(r as IteratorResult<unknown>);
    return (r as Promise<IteratorResult<unknown>>).then(onResult, onError);
  };
  const wrapper = {
    next: (arg?: unknown) => step('next', arg),
    return: (value?: unknown) => step('return', value),
    throw: (error?: unknown) => step('throw', error),
  };
  const iteratorKey = isAsync ? Symbol.asyncIterator : Symbol.iterator;
  Object.defineProperty(wrapper, iteratorKey, { value: () => wrapper });
  Object.defineProperty(wrapper, Symbol.toStringTag, { value: isAsync ? 'AsyncGenerator' : 'Generator' });
  return wrapper as unknown as AnyGenerator;
}
