/**
 * The one wrapper shape every traced GenAI method has (patched prototype, instance property,
 * function export or traced client proxy alike):
 * (a) untraced → call the original; (b) prepare inside `try`, on failure report and call the
 * original; (c) call the original exactly once with the same `this` and arguments; (d) observe
 * the result on side chains whose failures are caught; (e) return the original value.
 */
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { runTracedCall } from './llm-call.js';

export type AnyFunction = (...args: unknown[]) => unknown;

/** What an integration supplies for one method; `C` is its prepared call. */
export interface TracedMethodHooks<C> {
  /** Label of internal error reports, e.g. `openai.chat.completions.create`. */
  readonly where: string;
  /** Starts tracing the call, or returns undefined to leave it untraced. */
  start(thisArg: unknown, args: unknown[]): C | undefined;
  /** The call's span, shown to the app's OpenTelemetry SDK as the active span while the original runs. */
  span?(call: C): Span | undefined;
  /** Watches the returned value (promise, stream) without changing it. */
  observe(call: C, result: unknown): void;
  /** Records a synchronous throw of the original (rethrown unchanged by the wrapper). */
  fail(call: C, error: unknown): void;
}

function spanOf<C>(hooks: TracedMethodHooks<C>, call: C): Span | undefined {
  try {
    return hooks.span?.(call);
  } catch (error) {
    reportInternalError(`${hooks.where}.span`, error);
    return undefined;
  }
}

/**
 * Builds the traced replacement of `original`.
 *
 * @param original - the library's function
 * @param hooks - how to start, observe and fail a call
 * @returns a function with the same name that returns exactly what `original` returns
 */
export function createTracedMethod<C>(original: AnyFunction, hooks: TracedMethodHooks<C>): AnyFunction {
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    let call: C | undefined;
    try {
      call = hooks.start(this, args);
    } catch (error) {
      reportInternalError(`${hooks.where}.prepare`, error);
    }
    if (call === undefined) return original.apply(this, args);
    const prepared = call;
    let result: unknown;
    try {
      result = runTracedCall(spanOf(hooks, prepared), () => original.apply(this, args));
    } catch (error) {
      try {
        hooks.fail(prepared, error);
      } catch (internal) {
        reportInternalError(`${hooks.where}.fail`, internal);
      }
      throw error;
    }
    try {
      hooks.observe(prepared, result);
    } catch (error) {
      reportInternalError(`${hooks.where}.observe`, error);
    }
    return result;
  };
  Object.defineProperty(traced, 'name', { value: original.name, configurable: true });
  return traced;
}
