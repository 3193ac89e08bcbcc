/**
 * Shared parts of the LangChain scenarios: each runs as a real consumer process (ESM and
 * CommonJS) against the built package, the real `@langchain/*` packages and the fake OpenAI
 * server, and reports the exported spans as paths (`request > RunnableSequence > chat gpt-test`).
 */
import type { ModuleFormat } from '../../helpers/consumer.js';

/** Imports every scenario gets: the SDK and the LangChain modules, loaded before `autoInstrument`. */
export const IMPORTS: Readonly<Record<string, string>> = {
  nt: 'noveum-trace',
  prompts: '@langchain/core/prompts',
  parsers: '@langchain/core/output_parsers',
  lcopenai: '@langchain/openai',
};

/** The same without `@langchain/openai` (loaded by the scenario itself). */
export const IMPORTS_WITHOUT_OPENAI: Readonly<Record<string, string>> = {
  nt: 'noveum-trace',
  prompts: '@langchain/core/prompts',
  parsers: '@langchain/core/output_parsers',
};

/** Init with an in-memory exporter, and `tree()`: every finished span as a path of names with key attributes. */
export const SETUP = `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'langchain-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
process.on('unhandledRejection', (r) => report({ unhandled: String(r) }));
const tree = async () => {
  await nt.getClient().forceFlush();
  const spans = exporter.getFinishedSpans();
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const pathOf = (s) => {
    const names = [];
    for (let c = s; c !== undefined; c = c.parentSpanId ? byId.get(c.parentSpanId) : undefined) names.unshift(c.name);
    return names.join(' > ');
  };
  return spans.map((s) => ({
    path: pathOf(s),
    type: s.attributes['noveum.span_type'],
    status: s.status.code,
    input: s.attributes['llm.input_tokens'],
    output: s.attributes['llm.output_tokens'],
    requestId: s.attributes['llm.request_id'],
    cached: s.attributes['llm.cached_tokens'],
    cost: s.attributes['llm.cost.total'],
    finish: s.attributes['llm.finish_reason'],
    interrupted: s.attributes['langgraph.interrupted'],
    tool: s.attributes['tool.output'],
    docs: s.attributes['retrieval.results_count'],
    messages: s.attributes['llm.messages'],
    lcInput: s.attributes['langchain.input'],
    lcOutput: s.attributes['langchain.output'],
  })).sort((a, b) => a.path.localeCompare(b.path));
};
const model = (name = 'gpt-test') => new lcopenai.ChatOpenAI({ model: name, apiKey: 'sk-test', configuration: { baseURL: process.env.OPENAI_BASE_URL } });
`;

/** `require` or dynamic `import` of `spec` bound to `name`, the way each module format loads late. */
export function load(format: ModuleFormat, name: string, spec: string): string {
  return format === 'esm' ? `const ${name} = await import('${spec}');` : `const ${name} = require('${spec}');`;
}

/** One reported span. */
export interface ReportedSpan {
  path: string;
  type?: string;
  status: string;
  input?: number;
  output?: number;
  requestId?: string;
  cached?: number;
  cost?: number;
  finish?: string;
  interrupted?: boolean;
  tool?: string;
  docs?: number;
  /** JSON text of `llm.messages`, `langchain.input` and `langchain.output`. */
  messages?: string;
  lcInput?: string;
  lcOutput?: string;
}
