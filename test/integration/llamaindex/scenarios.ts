/**
 * LlamaIndex consumer programs (plain JavaScript, run as ESM and as CommonJS against the built
 * package, the real `llamaindex` / `@llamaindex/openai` and the fake OpenAI server). Each reports
 * the exported spans as a flat list with its parent's name, so the tests assert the tree.
 */
import type { ModuleFormat } from '../../helpers/consumer.js';

/** One exported span as a consumer reports it. */
export interface ReportedSpan {
  readonly name: string;
  readonly parent: string | null;
  readonly type: unknown;
  readonly status: string;
  readonly attributes: Record<string, unknown>;
}

const SETUP = `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'llamaindex-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
process.on('unhandledRejection', (r) => report({ unhandled: String(r) }));
const spans = async () => {
  await nt.getClient().forceFlush();
  const all = exporter.getFinishedSpans();
  const byId = new Map(all.map((s) => [s.spanId, s]));
  return all.map((s) => ({
    name: s.name,
    parent: byId.get(s.parentSpanId)?.name ?? null,
    type: s.attributes['noveum.span_type'],
    status: s.status.code,
    attributes: s.attributes,
  }));
};
const session = { apiKey: 'sk-test', baseURL: process.env.FAKE_OPENAI_URL, maxRetries: 0 };
`;

/** Loads LlamaIndex the way each module format does (the ESM build for import, CommonJS for require). */
function load(format: ModuleFormat): string {
  return format === 'esm'
    ? `const li = await import('llamaindex');
const { OpenAI, OpenAIEmbedding } = await import('@llamaindex/openai');
const { agent } = await import('@llamaindex/workflow');`
    : `const li = require('llamaindex');
const { OpenAI, OpenAIEmbedding } = require('@llamaindex/openai');
const { agent } = require('@llamaindex/workflow');`;
}

const QUERY = `
li.Settings.llm = new OpenAI({ model: 'gpt-4o-mini', ...session });
li.Settings.embedModel = new OpenAIEmbedding({ model: 'text-embedding-3-small', ...session });
const documents = [
  new li.Document({ text: 'Paris is the capital of France.' }),
  new li.Document({ text: 'Berlin is the capital of Germany.' }),
  new li.Document({ text: 'Madrid is the capital of Spain.' }),
];
const answer = await nt.traceOperation('rag-request', async () => {
  const index = await li.VectorStoreIndex.fromDocuments(documents);
  const engine = index.asQueryEngine({ similarityTopK: 2 });
  const response = await engine.query({ query: 'What is the capital of France?' });
  return response.toString();
});
report({ answer, spans: await spans() });`;

const CALLS = `
const llm = new OpenAI({
  model: 'gpt-4o-mini',
  ...session,
  additionalChatOptions: { stream_options: { include_usage: true } },
});
let streamed = '';
await nt.traceOperation('stream-request', async () => {
  const stream = await llm.chat({ messages: [{ role: 'user', content: 'Tell me a story' }], stream: true });
  for await (const chunk of stream) streamed += chunk.delta;
});
const failing = new OpenAI({ model: 'gpt-4o-mini@error=500', ...session });
let failure = '';
await nt.traceOperation('failing-request', async () => {
  try {
    await failing.chat({ messages: [{ role: 'user', content: 'fail' }] });
  } catch (error) {
    failure = error.constructor.name;
  }
});
const weather = li.tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: ({ city }) => 'Sunny in ' + city,
});
const toolLlm = new OpenAI({ model: 'gpt-4o-mini@tools', ...session });
await nt.traceOperation('agent-request', async () => {
  await agent({ tools: [weather], llm: toolLlm }).run('What is the weather in Paris?');
});
report({ streamed, failure, spans: await spans() });`;

/** Consumer bodies by title; `openai` says whether the \`openai\` patch is on too. */
export const SCENARIOS = {
  'a query over an in-memory VectorStoreIndex, with the openai patch': (f: ModuleFormat) =>
    `${SETUP}nt.autoInstrument('llamaindex');\nnt.autoInstrument('openai');\n${load(f)}${QUERY}`,
  // Also: the copies already loaded (ESM and CommonJS) are reached.
  'a query, llamaindex only, autoInstrument called after LlamaIndex is loaded': (f: ModuleFormat) =>
    `${SETUP}${load(f)}\nnt.autoInstrument('llamaindex');\n${QUERY}`,
  'a streamed chat, a failing call and an agent tool call': (f: ModuleFormat) =>
    `${SETUP}nt.autoInstrument('llamaindex');\nnt.autoInstrument('openai');\n${load(f)}${CALLS}`,
} as const;
