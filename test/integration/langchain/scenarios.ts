/**
 * LangChain / LangGraph scenarios: plain JavaScript bodies run as ESM and CommonJS consumers
 * (see harness.ts for `SETUP`, `tree()` and `model()`). Each reports `{ out, spans }`.
 */
import type { ModuleFormat } from '../../helpers/consumer.js';
import { load } from './harness.js';

const CHAIN = `const chain = prompts.ChatPromptTemplate.fromTemplate('Tell me about {topic}')
  .pipe(model()).pipe(new parsers.StringOutputParser());`;

/** Scenarios that load `@langchain/openai` themselves, after `autoInstrument`. */
export const LOADS_OPENAI_LATE: ReadonlySet<string> = new Set([
  'chain with the openai patch on',
  'tool-calling agent',
  'chain with the anthropic patch on',
]);

export const SCENARIOS: Readonly<Record<string, (format: ModuleFormat) => string>> = {
  // The brief's example: a prompt piped into a chat model and a parser, inside a traced request.
  'chain invoke and stream': () => `
nt.autoInstrument('langchain');
${CHAIN}
const out = await nt.traceOperation('request', () => chain.invoke({ topic: 'bears' }));
const chunks = [];
await nt.traceOperation('streamed', async () => { for await (const c of await chain.stream({ topic: 'cats' })) chunks.push(c); });
report({ out: [out, chunks.join('')], spans: await tree() });`,

  // \`@langchain/openai\` loaded after autoInstrument: the hooks reach its nested openai@6 copy.
  'chain with the openai patch on': (format) => `
nt.autoInstrument('langchain');
nt.autoInstrument('openai');
${load(format, 'lcopenai', '@langchain/openai')}
${CHAIN}
const out = await nt.traceOperation('request', () => chain.invoke({ topic: 'bears' }));
const chunks = [];
await nt.traceOperation('streamed', async () => { for await (const c of await chain.stream({ topic: 'cats' })) chunks.push(c); });
const events = [];
await nt.traceOperation('events', async () => { for await (const e of chain.streamEvents({ topic: 'owls' }, { version: 'v2' })) events.push(e.event); });
report({ out: [out, chunks.join(''), events.includes('on_chat_model_stream')], spans: await tree() });`,

  // \`@langchain/anthropic\` brings its own @anthropic-ai/sdk 0.x copy; the anthropic patch reaches it.
  'chain with the anthropic patch on': (format) => `
nt.autoInstrument('langchain');
nt.autoInstrument('anthropic');
${load(format, 'lcanthropic', '@langchain/anthropic')}
const claude = new lcanthropic.ChatAnthropic({ model: 'claude-test@cached=5', apiKey: 'sk-ant-test', maxRetries: 0, clientOptions: { baseURL: process.env.ANTHROPIC_BASE_URL } });
const chain = prompts.ChatPromptTemplate.fromTemplate('Tell me about {topic}').pipe(claude).pipe(new parsers.StringOutputParser());
const out = await nt.traceOperation('request', () => chain.invoke({ topic: 'bears' }));
const chunks = [];
await nt.traceOperation('streamed', async () => { for await (const c of await chain.stream({ topic: 'cats' })) chunks.push(c); });
report({ out: [out, chunks.join('')], spans: await tree() });`,

  'tool-calling agent': (format) => `
nt.autoInstrument('langchain');
nt.autoInstrument('openai');
${load(format, 'lcopenai', '@langchain/openai')}
${load(format, 'lc', 'langchain')}
const getWeather = lc.tool(async ({ city }) => nt.traceOperation('lookup', () => 'Sunny in ' + city), {
  name: 'get_weather', description: 'Weather of a city',
  schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
});
const agent = lc.createAgent({ model: model('gpt-test@tools'), tools: [getWeather] });
const result = await nt.traceOperation('request', () => agent.invoke({ messages: [{ role: 'user', content: 'Weather in Paris?' }] }));
report({ out: result.messages.at(-1).content, spans: await tree() });`,

  retriever: (format) => `
nt.autoInstrument('langchain');
${load(format, 'retrievers', '@langchain/core/retrievers')}
${load(format, 'documents', '@langchain/core/documents')}
class PetRetriever extends retrievers.BaseRetriever {
  lc_namespace = ['test'];
  async _getRelevantDocuments() {
    return nt.traceOperation('vector-search', () => [
      new documents.Document({ pageContent: 'Cats purr', metadata: { id: 1 } }),
      new documents.Document({ pageContent: 'Dogs bark', metadata: { id: 2 } }),
    ]);
  }
}
const docs = await nt.traceOperation('request', () => new PetRetriever().invoke('pets'));
report({ out: docs.length, spans: await tree() });`,

  'LangGraph graph with an interrupt': (format) => `
nt.autoInstrument('langchain');
${load(format, 'lg', '@langchain/langgraph')}
const State = lg.Annotation.Root({ answer: lg.Annotation() });
const graph = new lg.StateGraph(State)
  .addNode('ask', () => ({ answer: lg.interrupt('approve?') }))
  .addNode('done', (s) => ({ answer: s.answer + '!' }))
  .addEdge(lg.START, 'ask').addEdge('ask', 'done').addEdge('done', lg.END)
  .compile({ checkpointer: new lg.MemorySaver() });
const config = { configurable: { thread_id: 't1' } };
const first = await nt.traceOperation('request', () => graph.invoke({ answer: '' }, config));
const second = await nt.traceOperation('resume', () => graph.invoke(new lg.Command({ resume: 'yes' }), config));
report({ out: [Object.keys(first).sort(), second.answer], spans: await tree() });`,

  // openllmetry-js #673: a `_configureSync` patch that reached only one of the two copies.
  'both copies of @langchain/core in one process': (format) => `
nt.autoInstrument('langchain');
${
  format === 'esm'
    ? "const other = { prompts: (await import('node:module')).createRequire(import.meta.url)('@langchain/core/prompts') };"
    : "const other = { prompts: await import('@langchain/core/prompts') };"
}
if (other.prompts.ChatPromptTemplate === prompts.ChatPromptTemplate) throw new Error('one copy only');
const viaOther = other.prompts.ChatPromptTemplate.fromTemplate('Other {topic}');
await nt.traceOperation('own', () => prompts.ChatPromptTemplate.fromTemplate('Own {topic}').invoke({ topic: 'x' }));
await nt.traceOperation('other', () => viaOther.invoke({ topic: 'y' }));
report({ out: 'ok', spans: await tree() });`,

  'explicit NoveumCallbackHandler without autoInstrument': () => `
${CHAIN}
const handler = new nt.NoveumCallbackHandler({ traceChains: false });
const out = await nt.traceOperation('request', () => chain.invoke({ topic: 'bears' }, { callbacks: [handler] }));
// Concurrent requests: each run's callbacks must see its own caller's context, not a queue's.
await Promise.all(['a', 'b'].map((r) => nt.traceOperation(r, () => chain.invoke({ topic: r }, { callbacks: [handler] }))));
report({ out, spans: await tree() });`,
};
