/**
 * The LangChain / LangGraph integration (`@langchain/core` 1.x): a library definition for the
 * generic patcher and hooks, and the `NoveumCallbackHandler` for apps that pass callbacks.
 * `@langchain/core` ships a CommonJS and an ES module copy of every class; both are patched,
 * each reached from whichever of its subpath modules the app or a LangChain package loads.
 */
import type { AnyFunction } from '../genai/traced-method.js';
import type { LibraryDefinition, LiveSettings, MethodSpec } from '../types.js';
import {
  CHAT_MODELS_MODULE,
  LANGCHAIN_METHODS,
  LANGCHAIN_SIBLING_MODULES,
  LANGCHAIN_SUPPORTED_VERSIONS,
  LANGCHAIN_TRIGGER_MODULES,
  LLMS_MODULE,
  MANAGER_MODULE,
  RETRIEVERS_MODULE,
  TOOLS_MODULE,
  type LangChainOperation,
} from './constants.js';
import { wrapLangChainEntry } from './entries.js';

export { NoveumCallbackHandler } from './handler.js';

const CLASSES = {
  CallbackManager: MANAGER_MODULE,
  BaseChatModel: CHAT_MODELS_MODULE,
  BaseLLM: LLMS_MODULE,
  StructuredTool: TOOLS_MODULE,
  BaseRetriever: RETRIEVERS_MODULE,
} as const;

function read(source: unknown, key: string): unknown {
  try {
    return (source as Record<string, unknown> | null | undefined)?.[key];
  } catch {
    return undefined;
  }
}

/**
 * The classes the entries start from: from `{ [subpath]: exports }` of one copy (what the hooks
 * hand over), or from an object that holds the classes itself (`instrument({ langchain: {
 * CallbackManager, BaseChatModel } })` in a bundled app). Undefined when none is there.
 */
export function resolveLangChainRoot(source: unknown): object | undefined {
  const root: Record<string, unknown> = {};
  let found = false;
  for (const [name, module] of Object.entries(CLASSES)) {
    const value = read(source, name) ?? read(read(source, module), name);
    if (typeof value === 'function') {
      root[name] = value;
      found = true;
    }
  }
  return found ? root : undefined;
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const LANGCHAIN_DEFINITION: LibraryDefinition = {
  name: 'langchain',
  moduleNames: LANGCHAIN_TRIGGER_MODULES,
  siblingModules: LANGCHAIN_SIBLING_MODULES,
  supportedVersions: LANGCHAIN_SUPPORTED_VERSIONS,
  methods: LANGCHAIN_METHODS,
  aliases: {},
  resolveRoot: resolveLangChainRoot,
  wrap: (original: AnyFunction, _path: string, spec: MethodSpec, settings: LiveSettings) =>
    wrapLangChainEntry(original, spec.operation as LangChainOperation, settings),
};
