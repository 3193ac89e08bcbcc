// Workload 2, LangChain: the same paired rounds (macro/paired.bench.mjs: ABBA, a flush per traced
// round, the validity checks) through a LangChain chain, prompt → ChatOpenAI → string parser,
// whose `@langchain/openai` client talks to the fake OpenAI server's in-process transport.
// Side A is a copy of LangChain loaded before any SDK existed; side B a second copy, loaded
// after the SDK set up its hooks (or called with the peer's callback handler).
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES } from '../lib/fixtures.mjs';
import { resultSink } from '../lib/stats.mjs';
import { pairedRounds } from './paired.bench.mjs';
import { warmRounds } from '../lib/warmup.mjs';

const require = createRequire(import.meta.url);

/** Chain calls per round (each one model call of the 1 KB fixture). */
export const CHAIN_CALLS = 10;

/** The chain, from whichever copy of LangChain `require` returns now. */
export function buildChain(fetch) {
  const { ChatPromptTemplate } = require('@langchain/core/prompts');
  const { StringOutputParser } = require('@langchain/core/output_parsers');
  const { ChatOpenAI } = require('@langchain/openai');
  const { awaitAllCallbacks } = require('@langchain/core/callbacks/promises');
  // The prompt text goes in as variables: the fixture's code samples hold braces a template
  // would read as placeholders.
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', '{system}'],
    ['human', '{question}'],
  ]);
  const model = new ChatOpenAI({
    model: 'bench-1k',
    apiKey: 'sk-bench',
    maxRetries: 0,
    configuration: { baseURL: 'http://127.0.0.1:9/v1', fetch },
  });
  return { chain: prompt.pipe(model).pipe(new StringOutputParser()), awaitAllCallbacks };
}

/** One chain call, its answer consumed as an app would. */
async function chainOnce(side, input) {
  const text = await side.chain.invoke(input, side.config);
  resultSink.consume(text.length);
}

/**
 * Paired rounds of chain calls: A = the untraced copy's chain, B = the traced copy's (with the
 * SDK's `langchainConfig`, the peer's callbacks, when it has one). A traced round's flush first
 * waits for LangChain's queued callbacks (a peer's handler may end its spans there).
 */
export async function runPairedLangChainSuite(sdk, { untraced, traced, pairs, sinkUrl, scale }) {
  const [system, question] = CLIENT_FIXTURES[0].request.messages.map((m) => m.content);
  const calls = Math.max(2, Math.round(CHAIN_CALLS * scale));
  const a = { client: { chain: untraced.chain } };
  const b = {
    client: { chain: traced.chain, config: sdk.langchainConfig },
    flush: sdk.traced
      ? async () => {
          await traced.awaitAllCallbacks();
          await sdk.flush();
        }
      : undefined,
    traced: sdk.traced,
    checkSink: sdk.exportsToSink,
  };
  const chain = await pairedRounds({
    a,
    b,
    request: { system, question },
    calls,
    pairs,
    warmRounds: warmRounds('chain'),
    counters: sdk.counters,
    unit: sdk.counterUnit,
    sinkUrl,
    call: chainOnce,
  });
  return { chain };
}
