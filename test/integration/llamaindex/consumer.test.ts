/**
 * LlamaIndex.TS traced by `autoInstrument('llamaindex')`, from ESM and CommonJS consumer
 * processes against the built package, the real `llamaindex` 0.12 / `@llamaindex/openai` (with
 * its own nested `openai` 5 copy) and the fake OpenAI server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ConsumerResult } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { SCENARIOS, type ReportedSpan } from './scenarios.js';

type Title = keyof typeof SCENARIOS;

interface Reported {
  readonly answer?: string;
  readonly streamed?: string;
  readonly failure?: string;
  readonly spans: ReportedSpan[];
}

function named(spans: readonly ReportedSpan[], name: string): ReportedSpan[] {
  return spans.filter((s) => s.name === name);
}

function one(spans: readonly ReportedSpan[], name: string): ReportedSpan {
  const found = named(spans, name);
  assert.equal(found.length, 1, `one ${name} span among ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

/** The query tree: request → query engine → retriever (+ query embedding) and one LLM span. */
function assertQueryTree(r: Reported, withProvider: boolean): void {
  assert.match(r.answer ?? '', /^Echo: /);
  const engine = one(r.spans, 'query_engine.RetrieverQueryEngine');
  assert.equal(engine.parent, 'rag-request');
  assert.equal(engine.attributes['agent.input'], 'What is the capital of France?');
  assert.equal(engine.attributes['agent.output'], r.answer);
  const retrieval = one(r.spans, 'retrieval.VectorIndexRetriever');
  assert.equal(retrieval.parent, 'query_engine.RetrieverQueryEngine');
  assert.equal(retrieval.type, 'retrieval');
  assert.equal(retrieval.attributes['retrieval.query'], 'What is the capital of France?');
  assert.equal(retrieval.attributes['retrieval.results_count'], 2);
  const documents = JSON.parse(String(retrieval.attributes['retrieval.documents'])) as Array<{
    content: string;
    score: number;
  }>;
  assert.equal(documents.length, 2);
  assert.equal(documents[0]?.content, 'Paris is the capital of France.');
  assert.equal(typeof documents[0]?.score, 'number');
  const embeddings = named(r.spans, 'embeddings text-embedding-3-small');
  assert.deepEqual(embeddings.map((s) => s.parent).sort(), ['rag-request', 'retrieval.VectorIndexRetriever']);
  const build = embeddings.find((s) => s.parent === 'rag-request')!;
  assert.equal(build.attributes['llm.embedding.count'], 3);
  assert.equal(build.attributes['llm.embedding.dimensions'], 8);
  const llm = r.spans.filter((s) => s.type === 'llm' && s.attributes['llm.operation'] !== 'embeddings');
  assert.deepEqual(
    llm.map((s) => [s.name, s.parent]),
    [['complete gpt-4o-mini', 'query_engine.RetrieverQueryEngine']],
    'one LLM span for the one model call'
  );
  assert.ok(Number(llm[0]!.attributes['llm.input_tokens']) > 0, 'usage recorded');
  assert.ok(Number(llm[0]!.attributes['llm.cost.total']) > 0, 'cost recorded');
  assert.equal(llm[0]!.attributes['llm.response'], r.answer);
  // Only the openai patch reads the request id (from the nested openai@5 copy's response).
  const requestIds = r.spans.filter((s) => s.attributes['llm.request_id'] !== undefined).map((s) => s.name);
  if (withProvider) {
    assert.deepEqual(requestIds.sort(), [
      'complete gpt-4o-mini',
      'embeddings text-embedding-3-small',
      'embeddings text-embedding-3-small',
    ]);
    assert.ok(Number(build.attributes['llm.input_tokens']) > 0, 'embedding usage from the provider');
  } else assert.deepEqual(requestIds, []);
  assert.ok(r.spans.every((s) => s.status === 'ok'));
}

function assertCalls(r: Reported): void {
  assert.equal(r.streamed, 'Echo: Tell me a story');
  const stream = one(r.spans, 'chat gpt-4o-mini');
  assert.equal(stream.parent, 'stream-request');
  assert.equal(stream.attributes['llm.stream.outcome'], 'completed');
  assert.equal(stream.attributes['llm.response'], 'Echo: Tell me a story');
  assert.ok(Number(stream.attributes['llm.output_tokens']) > 0, 'stream usage');
  assert.match(String(stream.attributes['llm.request_id']), /^req_/);
  assert.equal(r.failure, 'InternalServerError');
  const failed = one(r.spans, 'chat gpt-4o-mini@error=500');
  assert.equal(failed.parent, 'failing-request');
  assert.equal(failed.status, 'error');
  assert.equal(failed.attributes['http.response.status_code'], 500);
  const tool = one(r.spans, 'tool.get_weather');
  assert.equal(tool.parent, 'agent-request');
  assert.equal(tool.type, 'tool');
  assert.equal(tool.attributes['tool.output'], 'Sunny in Paris');
  assert.deepEqual(JSON.parse(String(tool.attributes['tool.input'])), { city: 'Paris' });
  const agentLlm = named(r.spans, 'chat gpt-4o-mini@tools');
  assert.deepEqual(
    agentLlm.map((s) => s.parent),
    ['agent-request', 'agent-request'],
    'one LLM span per model call of the agent'
  );
  assert.match(String(agentLlm[0]!.attributes['llm.tool_calls']), /get_weather/);
  const llmSpans = r.spans.filter((s) => s.type === 'llm');
  assert.equal(llmSpans.length, 4, 'no provider span beside the LlamaIndex ones');
}

describe('LlamaIndex consumers (ESM and CommonJS, built package)', () => {
  let server: FakeOpenAIServer;
  const runs = new Map<string, Promise<ConsumerResult>>();
  before(async () => {
    server = await startFakeOpenAI();
    for (const [title, body] of Object.entries(SCENARIOS))
      for (const format of FORMATS)
        runs.set(`${title}|${format}`, runConsumer(format, body(format), { env: { FAKE_OPENAI_URL: server.url } }));
  });
  after(async () => {
    await Promise.allSettled(runs.values());
    await server.close();
  });

  const check: Record<Title, (r: Reported) => void> = {
    'a query over an in-memory VectorStoreIndex, with the openai patch': (r) => assertQueryTree(r, true),
    'a query, llamaindex only, autoInstrument called after LlamaIndex is loaded': (r) => assertQueryTree(r, false),
    'a streamed chat, a failing call and an agent tool call': assertCalls,
  };
  for (const title of Object.keys(SCENARIOS) as Title[]) {
    for (const format of FORMATS) {
      it(`${title} (${format})`, async () => {
        const run = await runs.get(`${title}|${format}`)!;
        assert.equal(run.code, 0, run.stderr);
        const reports = run.reports as Array<Reported & { unhandled?: string }>;
        assert.deepEqual(
          reports.filter((x) => x.unhandled !== undefined),
          [],
          'no unhandled rejection'
        );
        check[title](reports.at(-1)!);
      });
    }
  }
});
