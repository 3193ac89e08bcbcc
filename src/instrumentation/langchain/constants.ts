/**
 * What the LangChain integration hooks in `@langchain/core` 1.x. Both module formats ship their
 * own copy of every class (`dist/*.cjs` and `dist/*.js`), so each entry is applied to each copy.
 */
import type { MethodRegistry } from '../types.js';

/** `@langchain/core` versions whose internals match the entries below. */
export const LANGCHAIN_SUPPORTED_VERSIONS = '>=1.0.0 <2';

/** The npm package discovery reports. */
export const LANGCHAIN_PACKAGE = '@langchain/core';

/**
 * Modules whose loading leads to a copy of `@langchain/core`: the subpaths its dependents
 * (`@langchain/openai`, `langchain`, `@langchain/langgraph`) and apps import by name.
 */
export const LANGCHAIN_TRIGGER_MODULES = [
  '@langchain/core/callbacks/manager',
  '@langchain/core/language_models/chat_models',
  '@langchain/core/language_models/llms',
  '@langchain/core/messages',
  '@langchain/core/prompts',
  '@langchain/core/runnables',
  '@langchain/core/tools',
  '@langchain/core/retrievers',
] as const;

export const MANAGER_MODULE = '@langchain/core/callbacks/manager';
export const CHAT_MODELS_MODULE = '@langchain/core/language_models/chat_models';
export const LLMS_MODULE = '@langchain/core/language_models/llms';
export const TOOLS_MODULE = '@langchain/core/tools';
export const RETRIEVERS_MODULE = '@langchain/core/retrievers';

/** The modules holding the patched classes, reached from whichever trigger loaded first. */
export const LANGCHAIN_SIBLING_MODULES = [
  MANAGER_MODULE,
  CHAT_MODELS_MODULE,
  LLMS_MODULE,
  TOOLS_MODULE,
  RETRIEVERS_MODULE,
] as const;

export type LangChainOperation = 'callbacks' | 'chat' | 'completion' | 'tool' | 'retrieval';

/**
 * Entries by public path. `configure` puts the tracing handler into every run's callbacks; the
 * others open the model/tool/retriever span around the library's own work, so a provider call
 * inside writes onto the model span (one LLM span per call) and spans the app starts inside a
 * tool or retriever nest under it. The callback handler then fills those spans in.
 */
export const LANGCHAIN_METHODS = {
  'callbacks.configure': {
    kind: 'static',
    owner: ['CallbackManager'],
    method: '_configureSync',
    operation: 'callbacks',
  },
  'chat_models.generate': {
    owner: ['BaseChatModel'],
    method: '_generateUncached',
    operation: 'chat',
  },
  'chat_models.stream': {
    owner: ['BaseChatModel'],
    method: '_streamIterator',
    operation: 'chat',
  },
  'llms.generate': { owner: ['BaseLLM'], method: '_generateUncached', operation: 'completion' },
  'llms.stream': { owner: ['BaseLLM'], method: '_streamIterator', operation: 'completion' },
  'tools.call': { owner: ['StructuredTool'], method: 'call', operation: 'tool' },
  'retrievers.invoke': { owner: ['BaseRetriever'], method: 'invoke', operation: 'retrieval' },
} as const satisfies MethodRegistry<LangChainOperation>;

/** Tag LangChain and LangGraph put on internal runs (channel writes, branches) no user asked to see. */
export const HIDDEN_TAG = 'langsmith:hidden';

/** Error names LangGraph uses for control flow (interrupts, `Command` bubbling to a parent graph). */
export const CONTROL_FLOW_ERRORS: ReadonlySet<string> = new Set([
  'GraphInterrupt',
  'NodeInterrupt',
  'GraphBubbleUp',
  'ParentCommand',
]);

/** The provider name written on model spans, from the LangChain class name. */
export const PROVIDER_BY_CLASS: Readonly<Record<string, string>> = {
  ChatOpenAI: 'openai',
  AzureChatOpenAI: 'azure',
  OpenAI: 'openai',
  ChatAnthropic: 'anthropic',
  ChatGoogleGenerativeAI: 'google',
  ChatVertexAI: 'google',
  ChatBedrockConverse: 'aws.bedrock',
  ChatMistralAI: 'mistral',
  ChatOllama: 'ollama',
  ChatGroq: 'groq',
};
