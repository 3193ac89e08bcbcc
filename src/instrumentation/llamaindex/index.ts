/**
 * The LlamaIndex.TS integration: prototype patches on the classes LlamaIndex itself defines in
 * `@llamaindex/core` (LLM `complete`, embeddings, retrievers, query and chat engines, function
 * tools) and `@llamaindex/openai` (`OpenAI#chat`), each a span of its own nested by context.
 * Its callback events are not used: they are queued with `queueMicrotask` (late, outside the
 * caller's context) and have no error event.
 */
import { withContext } from '../../context/context-manager.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import type { AnyFunction } from '../genai/traced-method.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import {
  LLAMAINDEX_MARKERS,
  LLAMAINDEX_METHODS,
  LLAMAINDEX_MODULES,
  LLAMAINDEX_PACKAGE_VERSIONS,
  LLAMAINDEX_SUPPORTED_VERSIONS,
  type LlamaIndexOperation,
} from './constants.js';
import { failCall, observeCall, startCall, type TracedCall } from './lifecycle.js';

/**
 * Builds the traced replacement of one LlamaIndex method, in the shared wrapper shape: untraced
 * → the original; the span prepared inside `try`; the original called once with the same `this`
 * and arguments; the result observed on a side chain; the same value (or error) handed back.
 */
export function wrapLlamaIndexMethod(
  original: AnyFunction,
  path: string,
  spec: MethodSpec,
  settings: LiveSettings
): AnyFunction {
  const op = spec.operation as LlamaIndexOperation;
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    let call: TracedCall | undefined;
    try {
      call = startCall(op, this, args, settings);
    } catch (error) {
      reportInternalError(`llamaindex.${path}.prepare`, error);
    }
    if (call === undefined) return original.apply(this, args);
    const prepared = call;
    let result: unknown;
    try {
      result = withContext(prepared.context, () => original.apply(this, args));
    } catch (error) {
      failCall(prepared, error);
      throw error;
    }
    try {
      observeCall(prepared, result);
    } catch (error) {
      reportInternalError(`llamaindex.${path}.observe`, error);
    }
    return result;
  };
  Object.defineProperty(traced, 'name', { value: original.name, configurable: true });
  return traced;
}

/**
 * The module object the registry's owner paths start from: a LlamaIndex module namespace (CJS
 * exports or ESM namespace) recognised by one of its class exports, else undefined.
 */
export function resolveLlamaIndexModule(moduleExports: unknown): object | undefined {
  const m = moduleExports as Record<string, unknown> | null | undefined;
  if (m === null || m === undefined || (typeof m !== 'object' && typeof m !== 'function')) return undefined;
  try {
    return LLAMAINDEX_MARKERS.some((name) => typeof m[name] === 'function') ? m : undefined;
  } catch {
    // A getter that throws is a shape we do not know: leave that copy untraced.
    return undefined;
  }
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const LLAMAINDEX_DEFINITION: LibraryDefinition = {
  name: 'llamaindex',
  moduleNames: LLAMAINDEX_MODULES,
  supportedVersions: LLAMAINDEX_SUPPORTED_VERSIONS,
  packageVersions: LLAMAINDEX_PACKAGE_VERSIONS,
  methods: LLAMAINDEX_METHODS,
  aliases: {},
  resolveRoot: resolveLlamaIndexModule,
  wrap: wrapLlamaIndexMethod,
};
