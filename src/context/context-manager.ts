import { AsyncLocalStorage } from 'node:async_hooks';
import { getGlobal } from '../internal/global.js';
import { ROOT_CONTEXT, type Context } from './context.js';
import { otelContextManager, withOtelSpan } from './otel-bridge.js';

// One storage per process: every copy of the package must agree on the active span.
const storage = getGlobal('contextStorage', () => new AsyncLocalStorage<Context>());

/** The context of the code that is running now. */
export function getActiveContext(): Context {
  return storage.getStore() ?? ROOT_CONTEXT;
}

/**
 * Runs `fn` with `context` active; the previous context is back when `fn` returns. When the app
 * runs the OpenTelemetry SDK, its context shows the same active span (see `otel-bridge.ts`).
 */
export function withContext<R>(context: Context, fn: () => R): R {
  const otel = otelContextManager();
  if (otel === undefined) return storage.run(context, fn);
  return storage.run(context, () => withOtelSpan(otel, context, fn));
}

/** Returns a function that always runs `fn` in `context`, wherever it is called from. */
export function bindContext<A extends unknown[], R>(context: Context, fn: (...args: A) => R): (...args: A) => R {
  return function (this: unknown, ...args: A): R {
    return withContext(context, () => fn.apply(this, args));
  };
}

/**
 * Makes `context` active for the rest of the current synchronous execution and
 * everything it schedules, and returns a function that restores the previous one.
 * Caveat: async work started inside keeps the entered context after restore.
 */
export function enterContext(context: Context): () => void {
  const previous = storage.getStore();
  storage.enterWith(context);
  return () => {
    storage.enterWith(previous ?? ROOT_CONTEXT);
  };
}
