import type { MethodRegistry } from '../types.js';

/**
 * `llamaindex` versions this integration knows (the umbrella package discovery looks for). The
 * classes it patches live in `@llamaindex/core` and `@llamaindex/openai`, whose own ranges are
 * below; read in their source at llamaindex 0.12.1 (core 0.6.22, openai 0.4.22).
 */
export const LLAMAINDEX_SUPPORTED_VERSIONS = '>=0.12.0 <0.13';

/** The range of each package the patched classes come from. */
export const LLAMAINDEX_PACKAGE_VERSIONS = {
  '@llamaindex/core': '>=0.6.0 <0.7',
  '@llamaindex/openai': '>=0.4.0 <0.5',
} as const satisfies Readonly<Record<string, string>>;

/**
 * The modules whose loading is hooked. Each `@llamaindex/core` subpath is its own bundle (CJS and
 * ESM) defining its classes once; `llamaindex` itself only re-exports them.
 */
export const LLAMAINDEX_MODULES = [
  '@llamaindex/core/llms',
  '@llamaindex/core/embeddings',
  '@llamaindex/core/retriever',
  '@llamaindex/core/query-engine',
  '@llamaindex/core/chat-engine',
  '@llamaindex/core/tools',
  '@llamaindex/openai',
] as const;

/** Operations: what each patched method is, and so which span it opens. */
export type LlamaIndexOperation = 'chat' | 'complete' | 'embeddings' | 'retrieve' | 'query' | 'chat_engine' | 'tool';

/**
 * Patchable methods. `owner` is the class's export name in its module (the module namespace is
 * the root). `chat` and `query` are wrapped by LlamaIndex's decorators, which bind the prototype
 * method to each instance in its constructor: instances built before patching keep the original.
 */
export const LLAMAINDEX_METHODS = {
  'llm.chat': { owner: ['OpenAI'], method: 'chat', operation: 'chat' },
  'llm.complete': { owner: ['BaseLLM'], method: 'complete', operation: 'complete' },
  'embedding.getTextEmbeddingsBatch': {
    owner: ['BaseEmbedding'],
    method: 'getTextEmbeddingsBatch',
    operation: 'embeddings',
  },
  'embedding.getQueryEmbedding': { owner: ['BaseEmbedding'], method: 'getQueryEmbedding', operation: 'embeddings' },
  'retriever.retrieve': { owner: ['BaseRetriever'], method: 'retrieve', operation: 'retrieve' },
  'queryEngine.query': { owner: ['BaseQueryEngine'], method: 'query', operation: 'query' },
  'contextChatEngine.chat': { owner: ['ContextChatEngine'], method: 'chat', operation: 'chat_engine' },
  'simpleChatEngine.chat': { owner: ['SimpleChatEngine'], method: 'chat', operation: 'chat_engine' },
  // `FunctionTool` sets `call` in its constructor (an arrow property), hence an instance patch.
  'tool.call': { kind: 'instance', owner: ['FunctionTool'], method: 'call', operation: 'tool' },
} as const satisfies MethodRegistry<LlamaIndexOperation>;

/** Export names that mark a module as one of LlamaIndex's (any one is enough). */
export const LLAMAINDEX_MARKERS = [
  'BaseLLM',
  'BaseEmbedding',
  'BaseRetriever',
  'BaseQueryEngine',
  'ContextChatEngine',
  'FunctionTool',
  'OpenAIEmbedding',
] as const;
