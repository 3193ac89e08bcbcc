/**
 * TypeScript twins of the brief's samples (sections 1, 3, 4 and 6), written as a user
 * would write them against the published types, with a fake LLM function in place of
 * the OpenAI client. brief-samples.test.ts type-checks and runs them as ESM and CJS.
 */

/** Set-up every scenario shares: an in-memory exporter and a fake chat completion. */
export const PRELUDE = `
const exporter = new nt.InMemoryExporter();
nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });

interface ChatCompletion {
  choices: { message: { content: string } }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
function fakeLLM(content: string, fail = false): ChatCompletion {
  if (fail) throw Object.assign(new Error('rate limited'), { name: 'RateLimitError' });
  return {
    choices: [{ message: { content: 'answer to ' + content } }],
    usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
  };
}
const firstContent = (r: ChatCompletion): string => r.choices[0]?.message.content ?? '';
const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function reportSpans(): Promise<void> {
  await nt.flush();
  report(exporter.getFinishedSpans().map((s: nt.ReadableSpan) => ({
    name: s.name, id: s.spanId, parent: s.parentSpanId ?? null, trace: s.traceId, status: s.status,
    exception: s.exception ? s.exception.type + ': ' + s.exception.message : null, attributes: s.attributes,
  })));
}
`;

export const SCENARIOS = {
  'process-user-query': `
function processUserQuery(userInput: string): string {
  const cleanedInput = userInput.trim().toLowerCase();
  const response = nt.traceLLM({ model: 'gpt-4', provider: 'openai' }, (span) => {
    const response = fakeLLM(cleanedInput);
    span.setAttributes({
      'llm.input_tokens': response.usage.prompt_tokens,
      'llm.output_tokens': response.usage.completion_tokens,
      'llm.total_tokens': response.usage.total_tokens,
      'llm.response': firstContent(response),
    });
    return response;
  });
  // A sync callback keeps traceLLM sync: \`response\` is the completion, not a promise.
  return firstContent(response).toUpperCase();
}
report(processUserQuery('  Hello '));
await reportSpans();
`,

  'complex-ai-workflow': `
interface Hit { content: string; score: number }
const vectorDb = { search: async (_q: string): Promise<Hit[]> => [{ content: 'doc1', score: 0.9 }, { content: 'doc2', score: 0.5 }] };

async function complexAiWorkflow(userQuery: string): Promise<string> {
  const results: { enhancedQuery?: string } = {};
  await nt.traceLLM({ model: 'gpt-3.5-turbo', operation: 'query_enhancement' }, async (span) => {
    const enhanced = fakeLLM(\`Enhance this query: \${userQuery}\`);
    results.enhancedQuery = firstContent(enhanced);
    span.setAttribute('llm.enhanced_query', results.enhancedQuery);
  });
  const query = results.enhancedQuery ?? userQuery;
  const searchResults = await nt.traceOperation('vector_search', async (span) => {
    const hits = await vectorDb.search(query);
    span.setAttributes({
      'search.query': query,
      'search.results_count': hits.length,
      'search.top_score': hits[0]?.score ?? 0,
    });
    return hits;
  });
  return nt.traceLLM({ model: 'gpt-4', operation: 'response_generation' }, async (span) => {
    const context = searchResults.slice(0, 3).map((r) => r.content).join('\\n');
    const finalResponse = fakeLLM(query);
    span.setAttributes({
      'llm.context_length': context.length,
      'llm.context_sources': searchResults.slice(0, 3).length,
      'llm.final_response': firstContent(finalResponse),
    });
    return firstContent(finalResponse);
  });
}
report(await nt.traceOperation('complex_ai_workflow', () => complexAiWorkflow('what is RAG?')));
await reportSpans();
`,

  'manual-llm-span': `
function existingFunctionWithLlmCalls(userInput: string, fail = false): string {
  const client = nt.getClient();
  const llmSpan = client.startSpan('gpt4_query_processing', {
    attributes: { 'llm.model': 'gpt-4', 'llm.provider': 'openai', 'llm.operation': 'chat_completion' },
  });
  let response: ChatCompletion;
  try {
    response = fakeLLM(userInput, fail);
    llmSpan.setAttributes({
      'llm.input_tokens': response.usage.prompt_tokens,
      'llm.output_tokens': response.usage.completion_tokens,
      'llm.response': firstContent(response),
    });
    llmSpan.setStatus('ok');
  } catch (e) {
    llmSpan.recordException(e);
    llmSpan.setStatus('error', errorMessage(e));
    throw e;
  } finally {
    client.finishSpan(llmSpan);
  }
  return firstContent(response);
}
existingFunctionWithLlmCalls('ok');
try {
  existingFunctionWithLlmCalls('boom', true);
} catch (e) {
  report(e instanceof Error ? e.name : typeof e);
}
await reportSpans();
`,

  'batch-queries': `
function processSingleQuery(query: string): string {
  if (query === 'bad') throw new Error(\`cannot answer \${query}\`);
  return firstContent(fakeLLM(query));
}
function processMultipleQueries(queries: string[]): (string | null)[] {
  const client = nt.getClient();
  const batchSpan = client.startSpan('batch_query_processing', {
    attributes: { 'batch.size': queries.length, 'batch.operation': 'llm_processing' },
  });
  const results: (string | null)[] = [];
  try {
    for (const [i, query] of queries.entries()) {
      const querySpan = client.startSpan(\`query_processing_\${i}\`, {
        parentSpanId: batchSpan.spanId,
        attributes: { 'query.index': i, 'query.text': query.slice(0, 100) },
      });
      try {
        const result = processSingleQuery(query);
        results.push(result);
        querySpan.setAttributes({ 'query.success': true, 'query.result_length': String(result).length });
        querySpan.setStatus('ok');
      } catch (e) {
        querySpan.recordException(e);
        querySpan.setStatus('error', errorMessage(e));
        results.push(null);
      } finally {
        client.finishSpan(querySpan);
      }
    }
    batchSpan.setAttributes({
      'batch.successful': results.filter((r) => r !== null).length,
      'batch.failed': results.filter((r) => r === null).length,
    });
    batchSpan.setStatus('ok');
  } catch (e) {
    batchSpan.recordException(e);
    batchSpan.setStatus('error', errorMessage(e));
    throw e;
  } finally {
    client.finishSpan(batchSpan);
  }
  return results;
}
report(processMultipleQueries(['a', 'bad', 'c']));
await reportSpans();
`,

  'sdk-helpers': `
function postProcess(this: { suffix: string }, text: string): string {
  return text + this.suffix + (nt.getCurrentSpan() === undefined ? ' (untraced)' : '');
}
const tracedPostProcess = nt.traceExistingFunction(postProcess, undefined, { step: 'post' });
const ask = nt.traceLLMCall(async (q: string) => fakeLLM(q), { model: 'gpt-4', provider: 'openai' });
const anthropicAsk = nt.traceLLMCall((q: string) => ({ content: q, usage: { input_tokens: 3, output_tokens: 4 } }), {
  model: 'claude-3-5-sonnet',
  provider: 'anthropic',
});
const parent = nt.startSpan('manual_parent');
const answer: ChatCompletion = await ask('q');
report(tracedPostProcess.call({ suffix: '!' }, firstContent(answer)));
report(anthropicAsk('hi').content);
nt.finishSpan(parent);
await reportSpans();
`,

  'decorators-and-using': `
class Assistant {
  constructor(private readonly prefix: string) {}

  @nt.trace
  plan(goal: string): string {
    return this.prefix + goal;
  }

  @nt.traceLLM({ model: 'gpt-4', provider: 'openai', operation: 'answer' })
  async answer(question: string): Promise<string> {
    return firstContent(fakeLLM(this.plan(question)));
  }
}
function step(): string {
  using span = nt.startScopedSpan('using_scope', { activate: true });
  span.setAttribute('scope.kind', 'using');
  return nt.getCurrentSpan()?.name ?? 'none';
}
const assistant = new Assistant('goal: ');
const syncResult: string = assistant.plan('sync');
report({ syncResult, answer: await assistant.answer('why?'), active: step(), after: nt.getCurrentSpan()?.name ?? 'none' });
await reportSpans();
`,

  'agent-proxy': `
class SomeAgentClass {
  #queries = 0;
  processQuery(query: string): string {
    this.#queries++;
    return this.lookUp(query).toUpperCase();
  }
  lookUp(query: string): string {
    return firstContent(fakeLLM(query));
  }
  get queries(): number {
    return this.#queries;
  }
}
const existingAgent = new SomeAgentClass();
const tracedAgent = new nt.TracedAgentProxy(existingAgent, 'custom_agent');
// All method calls are now traced; the result keeps the agent's type.
const result: string = tracedAgent.processQuery('What is AI?');
report(result);
report({ queries: tracedAgent.queries, isAgent: tracedAgent instanceof SomeAgentClass });
await reportSpans();
`,

  // Proves the type-check bites: each line below must stay a type error in the published types.
  'type-errors': `
// @ts-expect-error traceLLM takes { model, provider }, not a string
nt.traceLLM('gpt-4', () => 1);
// @ts-expect-error a span status is "ok" | "error" | "unset"
nt.startSpan('s').setStatus('fine');
// @ts-expect-error startSpan options have no parentId (it is parentSpanId)
nt.startSpan('s', { parentId: 'x' });
// @ts-expect-error a sync callback returns its value, not a promise
const notAPromise: Promise<number> = nt.traceOperation('op', () => 1);
void notAPromise;
const typedAgent = new nt.TracedAgentProxy({ run: (q: string): string => q }, 'typed');
// @ts-expect-error the proxy is typed as the agent: run takes a string
typedAgent.run(1);
`,
} as const;

export type ScenarioName = keyof typeof SCENARIOS;
