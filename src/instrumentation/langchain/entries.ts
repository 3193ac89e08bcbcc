/**
 * The patched entries of `@langchain/core`: `CallbackManager._configureSync` adds the tracing
 * handler to every run; the model, tool and retriever entries open their run's span before
 * LangChain reports the run, so the library's own work runs inside it (a provider call writes
 * onto the model span, an app span in a tool nests under the tool). The handler adopts those
 * spans and fills them in; the entry ends them when the call settles.
 */
import { getClient } from '../../api/client.js';
import { endSpanOk, isNativePromise, runInSpan } from '../../api/run-in-span.js';
import { getActiveSpan, getSpan, isTracingSuppressed, setSpan } from '../../context/active-span.js';
import { getLlmOwner } from '../../context/llm-owner.js';
import { trackOpenWork } from '../../core/open-work.js';
import { getActiveContext, withContext } from '../../context/context-manager.js';
import { ATTR_NOVEUM_SPAN_TYPE, ATTR_TOOL_NAME } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import type { AnyFunction } from '../genai/traced-method.js';
import type { LiveSettings } from '../types.js';
import type { LangChainOperation } from './constants.js';
import { HANDLER_MARK, NoveumCallbackHandler } from './handler.js';
import type { CallbackManagerLike } from './internal-types.js';
import {
  expectRun,
  isAwaitingRun,
  lendSpan,
  parentRunIdOf,
  parentSpanOf,
  releaseModelInput,
  type RunKind,
} from './runs.js';
import { endRunSpanWith } from './span-ops.js';

// One injected handler per settings object: every run of an app shares it.
const handlers = new WeakMap<LiveSettings, NoveumCallbackHandler>();

function handlerFor(settings: LiveSettings): NoveumCallbackHandler {
  let handler = handlers.get(settings);
  if (handler === undefined) {
    handler = new NoveumCallbackHandler(undefined, settings);
    handlers.set(settings, handler);
  }
  return handler;
}

function isTracing(settings: LiveSettings): boolean {
  return settings.enabled && getClient().isEnabled && !isTracingSuppressed();
}

/**
 * `_configureSync` returns the manager for one run (undefined when the run has no callbacks):
 * ours is added unless one of our handlers is already there (the app passed one explicitly).
 */
function withHandler(managerClass: unknown, manager: unknown, settings: LiveSettings): unknown {
  let target = manager as CallbackManagerLike | undefined;
  if (target === undefined || target === null) {
    if (typeof managerClass !== 'function') return manager;
    target = new (managerClass as new () => CallbackManagerLike)();
  }
  const present = target.handlers?.some((h) => (h as Record<symbol, unknown> | null)?.[HANDLER_MARK] === true);
  if (present !== true && typeof target.addHandler === 'function') target.addHandler(handlerFor(settings), true);
  return target;
}

function wrapConfigure(original: AnyFunction, settings: LiveSettings): AnyFunction {
  return function (this: unknown, ...args: unknown[]): unknown {
    const manager = original.apply(this, args);
    try {
      return isTracing(settings) ? withHandler(this, manager, settings) : manager;
    } catch (error) {
      reportInternalError('langchain.configure', error);
      return manager;
    }
  };
}

/** The callbacks of a tool's `call(arg, configArg)`: LangChain's `parseCallbackConfigArg` rule. */
function callbacksOfConfigArg(configArg: unknown): unknown {
  if (configArg === null || typeof configArg !== 'object') return undefined;
  if (Array.isArray(configArg) || 'name' in configArg) return configArg;
  return (configArg as { callbacks?: unknown }).callbacks;
}

interface EntryPlan {
  readonly kind: RunKind;
  readonly name: string;
  /** Where the run's callbacks (carrying the parent run id) are in the arguments. */
  callbacks(args: unknown[]): unknown;
  readonly attributes: Record<string, unknown>;
}

function planFor(operation: LangChainOperation, self: unknown, args: unknown[]): EntryPlan | undefined {
  const options = (i: number): unknown => (args[i] as { callbacks?: unknown } | undefined)?.callbacks;
  if (operation === 'tool') {
    const name = String((self as { name?: unknown }).name ?? 'tool');
    return {
      kind: 'tool',
      name: `tool.${name}`,
      callbacks: (a) => callbacksOfConfigArg(a[1]),
      attributes: { [ATTR_NOVEUM_SPAN_TYPE]: 'tool', [ATTR_TOOL_NAME]: name },
    };
  }
  if (operation === 'retrieval')
    return {
      kind: 'retriever',
      name: 'retrieval',
      callbacks: () => options(1),
      attributes: { [ATTR_NOVEUM_SPAN_TYPE]: 'retrieval' },
    };
  // `_generateUncached(messages, parsed, handledOptions, startedRunManagers)` / `_streamIterator(input, options)`.
  // Runs already started (a partial cache hit) have their spans from the handler.
  if (args.length > 3 && args[3] !== undefined) return undefined;
  const configIndex = args.length > 2 ? 2 : 1;
  return {
    kind: 'llm',
    name: operation,
    callbacks: () => options(configIndex),
    attributes: { [ATTR_NOVEUM_SPAN_TYPE]: 'llm' },
  };
}

/**
 * A model call made right inside the app's own `traceLLM` scope (its unclaimed LLM owner) fills
 * in that span rather than opening a second LLM span: true when the span was lent to the run.
 */
function lendOwnerSpan(): boolean {
  const ctx = getActiveContext();
  const owner = getLlmOwner(ctx);
  if (owner === undefined || owner.claimed || getSpan(ctx) !== owner.span) return false;
  return owner.span.isRecording() && !owner.span.isEnded() && lendSpan(owner.span);
}

/** Opens the span of one entry call, or undefined to leave the call as it is. */
function openEntrySpan(plan: EntryPlan, args: unknown[]): Span | undefined {
  // The model's stream falling back to `invoke`, or a tool calling `super.call`: one run, one span.
  const active = getActiveSpan();
  if (active !== undefined && isAwaitingRun(active, plan.kind)) return undefined;
  if (plan.kind === 'llm' && lendOwnerSpan()) return undefined;
  const parent = parentSpanOf(parentRunIdOf(plan.callbacks(args)));
  const kind = plan.kind === 'llm' ? 'client' : 'internal';
  const span = getClient().startSpan(plan.name, {
    ...(parent === undefined ? {} : { parent }),
    kind,
    attributes: plan.attributes,
  });
  if (!span.isRecording()) return undefined;
  expectRun(span, plan.kind);
  return span;
}

/** Runs a tool or retriever in its span; LangGraph control flow ends it as ok, marked interrupted. */
function runEntry(span: Span, invoke: () => unknown): unknown {
  let result: unknown;
  try {
    result = withContext(setSpan(getActiveContext(), span), invoke);
  } catch (error) {
    endRunSpanWith(span, error);
    throw error;
  }
  if (isNativePromise(result))
    void result.then(
      () => endSpanOk(span),
      (error: unknown) => endRunSpanWith(span, error)
    );
  else endSpanOk(span);
  return result;
}

/**
 * A model stream the app stops reading (no `break`, no error) would keep its span open forever:
 * once it has produced a chunk, shutdown ends it with what was read. Tracked after the first
 * chunk, so a provider stream inside (tracked when it starts) ends first and writes its figures.
 */
function trackAbandonment(result: unknown, span: Span): void {
  const wrapper = result as { next?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  if (typeof wrapper?.next !== 'function' || wrapper[Symbol.asyncIterator] === undefined) return;
  const next = wrapper.next as (arg?: unknown) => Promise<IteratorResult<unknown>>;
  let untrack: (() => void) | undefined;
  const stop = (): void => {
    untrack?.();
    untrack = undefined;
  };
  wrapper.next = (arg?: unknown) =>
    next(arg).then(
      (r) => {
        if (r.done === true) stop();
        else if (untrack === undefined && !span.isEnded())
          untrack = trackOpenWork(() => {
            releaseModelInput(span);
            endSpanOk(span);
          });
        return r;
      },
      (error: unknown) => {
        stop();
        throw error;
      }
    );
}

function wrapEntry(original: AnyFunction, operation: LangChainOperation, settings: LiveSettings): AnyFunction {
  return function (this: unknown, ...args: unknown[]): unknown {
    let span: Span | undefined;
    let plan: EntryPlan | undefined;
    try {
      plan = isTracing(settings) ? planFor(operation, this, args) : undefined;
      span = plan === undefined ? undefined : openEntrySpan(plan, args);
    } catch (error) {
      reportInternalError(`langchain.${operation}`, error);
    }
    if (span === undefined || plan === undefined) return original.apply(this, args);
    const invoke = (): unknown => original.apply(this, args);
    if (plan.kind !== 'llm') return runEntry(span, invoke);
    const result = runInSpan(span, invoke, { llmOwner: true });
    trackAbandonment(result, span);
    return result;
  };
}

/** Builds the traced replacement of one LangChain entry. */
export function wrapLangChainEntry(
  original: AnyFunction,
  operation: LangChainOperation,
  settings: LiveSettings
): AnyFunction {
  const wrapped =
    operation === 'callbacks' ? wrapConfigure(original, settings) : wrapEntry(original, operation, settings);
  Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
  return wrapped;
}
