/**
 * The LangChain integration against the shared instrumentation contract: `ChatOpenAI` from the
 * real `@langchain/openai`, with the LangChain entries and its nested `openai@6` copy patched
 * through `instrument()`, against the fake OpenAI server. Each model call must stay one LLM span
 * (LangChain's, enriched by the provider patch), however its stream ends.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseRetriever } from '@langchain/core/retrievers';
import { StructuredTool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI } from '../../fixtures/servers/openai-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import {
  runInstrumentationContract,
  type ContractSetup,
  type StreamOptions,
} from '../contract/instrumentation-contract.js';

// The ES module entry of the openai copy @langchain/openai itself imports (its own nested major).
const require = createRequire(import.meta.url);
const nestedOpenAIFile = join(
  dirname(createRequire(require.resolve('@langchain/openai')).resolve('openai')),
  'index.mjs'
);
const nestedOpenAI = (await import(pathToFileURL(nestedOpenAIFile).href)) as { OpenAI: unknown };

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `gpt-test@${parts.join(',')}`;
}

let baseURL = '';
const make = (model: string): ChatOpenAI =>
  new ChatOpenAI({ model, apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL } });

runInstrumentationContract({
  name: '@langchain/core 1.x (ChatOpenAI) via instrument({ langchain, openai })',
  async setup(): Promise<ContractSetup> {
    const server = await startFakeOpenAI();
    baseURL = server.url;
    const tracing = setupTracing();
    instrument({
      langchain: { CallbackManager, BaseChatModel, StructuredTool, BaseRetriever },
      openai: nestedOpenAI.OpenAI,
    });
    return {
      traced: make('gpt-test'),
      untraced: make('gpt-test'),
      tracing,
      async teardown() {
        uninstrument('langchain');
        uninstrument('openai');
        await tracing.close();
        await server.close();
      },
    };
  },
  call: (model: ChatOpenAI) => model.invoke('contract'),
  callStream: (_model: ChatOpenAI, o) => make(streamModel(o)).stream('contract'),
  callError: () => make('gpt-test@error=429').invoke('contract'),
  sdk: { APIPromise: Promise, Stream: Object, APIError: Error },
  skip: {
    'same-objects':
      'LangChain returns its own message and stream objects; the provider contract covers the SDK objects underneath',
    'stream-abort': 'a LangChain stream has no controller; it is cancelled through `signal` or by breaking',
  },
});
