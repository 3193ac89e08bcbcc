/**
 * LlamaIndex's `OpenAI` LLM (`chat`, plain and streamed) against the shared instrumentation
 * contract, patched by `instrument({ llamaindex })` with the real `@llamaindex/openai` and the
 * fake OpenAI server. The LLM built before patching is the untraced one: LlamaIndex binds `chat`
 * to each instance when it is created.
 */
import * as llamaOpenAI from '@llamaindex/openai';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI } from '../../fixtures/servers/openai-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import {
  runInstrumentationContract,
  type ContractSetup,
  type StreamOptions,
} from '../contract/instrumentation-contract.js';

const messages = [{ role: 'user' as const, content: 'contract' }];

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `gpt-4o-mini@${parts.join(',')}`;
}

/**
 * The model is per LLM instance in LlamaIndex, so a "client" here is a set of LLMs: `llm`, one
 * answering errors, and `make(model)` for the stream scenarios (built after patching: traced).
 */
interface Llms {
  readonly llm: any;
  readonly failing: any;
  make(model: string): any;
}
runInstrumentationContract({
  name: '@llamaindex/openai 0.4 (OpenAI#chat) via instrument({ llamaindex })',
  async setup(): Promise<ContractSetup> {
    const server = await startFakeOpenAI();
    const tracing = setupTracing();
    const make = (model: string): any =>
      new llamaOpenAI.OpenAI({ model, apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    const llms = (): Llms => ({ llm: make('gpt-4o-mini'), failing: make('gpt-4o-mini@error=429'), make });
    const untraced = llms();
    instrument({ llamaindex: llamaOpenAI });
    const traced = llms();
    return {
      traced,
      untraced,
      tracing,
      async teardown() {
        uninstrument('llamaindex');
        await tracing.close();
        await server.close();
      },
    };
  },
  call: (c: Llms) => c.llm.chat({ messages }),
  callStream: (c: Llms, o) => c.make(streamModel(o)).chat({ messages, stream: true }),
  callError: (c: Llms) => c.failing.chat({ messages }),
  // The error class comes from the `openai` copy nested under @llamaindex/openai; the case also
  // checks the traced and untraced errors share their constructor.
  sdk: { APIPromise: Promise, Stream: Object, APIError: Error },
  skip: {
    'same-objects':
      'LlamaIndex returns a plain promise and an async generator, not SDK objects; the same value is handed back (llamaindex.test.ts)',
    'stream-abort': 'a LlamaIndex stream has no abort controller',
  },
});
