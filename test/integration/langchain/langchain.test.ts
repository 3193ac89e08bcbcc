/**
 * LangChain / LangGraph traced end to end: real `@langchain/core`, `@langchain/openai` (with its
 * own nested `openai@6`), `langchain` and `@langchain/langgraph` against the fake OpenAI server,
 * from ES module and CommonJS consumers of the built package. The trees are what a user sees.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ConsumerResult } from '../../helpers/consumer.js';
import { startFakeAnthropic, type FakeAnthropicServer } from '../../fixtures/servers/anthropic-server.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { IMPORTS, IMPORTS_WITHOUT_OPENAI, SETUP, type ReportedSpan } from './harness.js';
import { LOADS_OPENAI_LATE, SCENARIOS } from './scenarios.js';

interface Reported {
  out: unknown;
  spans: ReportedSpan[];
}

const CHAIN_TREE = (root: string, llm: string): string[] => [
  root,
  `${root} > RunnableSequence`,
  `${root} > RunnableSequence > ChatPromptTemplate`,
  `${root} > RunnableSequence > StrOutputParser`,
  `${root} > RunnableSequence > ${llm}`,
];

describe('LangChain (autoInstrument and NoveumCallbackHandler, ESM and CommonJS)', () => {
  let server: FakeOpenAIServer;
  let anthropic: FakeAnthropicServer;
  const runs = new Map<string, Promise<ConsumerResult>>();
  before(async () => {
    server = await startFakeOpenAI();
    anthropic = await startFakeAnthropic();
    for (const [title, body] of Object.entries(SCENARIOS))
      for (const format of FORMATS)
        runs.set(
          `${title}|${format}`,
          runConsumer(format, SETUP + body(format), {
            imports: LOADS_OPENAI_LATE.has(title) ? IMPORTS_WITHOUT_OPENAI : IMPORTS,
            env: { OPENAI_BASE_URL: server.url, ANTHROPIC_BASE_URL: anthropic.url },
          })
        );
  });
  after(async () => {
    await Promise.allSettled(runs.values());
    await server.close();
    await anthropic.close();
  });

  async function result(title: string, format: string): Promise<Reported> {
    const run = await runs.get(`${title}|${format}`)!;
    assert.equal(run.code, 0, run.stderr);
    const last = run.reports.at(-1) as Reported;
    assert.ok(last !== undefined, `no report; stderr: ${run.stderr}`);
    return last;
  }
  const paths = (r: Reported): string[] => r.spans.map((s) => s.path);
  const llmSpans = (r: Reported): ReportedSpan[] => r.spans.filter((s) => s.type === 'llm');

  for (const format of FORMATS) {
    describe(format, () => {
      it('traces the brief example: request → chain → prompt, model, parser; one LLM span with usage', async () => {
        const r = await result('chain invoke and stream', format);
        assert.deepEqual(r.out, ['Echo: Tell me about bears', 'Echo: Tell me about cats']);
        const expected = [...CHAIN_TREE('request', 'chat gpt-test'), ...CHAIN_TREE('streamed', 'chat gpt-test')];
        assert.deepEqual(paths(r).sort(), expected.sort());
        for (const llm of llmSpans(r)) {
          assert.ok((llm.input ?? 0) > 0 && (llm.output ?? 0) > 0, `usage on ${llm.path}`);
          assert.equal(llm.finish, 'stop');
        }
        assert.ok(r.spans.every((s) => s.status === 'ok'));
        // Messages between the steps are captured in the plain shape of `llm.messages`, not LangChain's serialisation.
        const span = (path: string): ReportedSpan | undefined => r.spans.find((s) => s.path === path);
        const asked = [{ role: 'user', content: 'Tell me about bears' }];
        assert.deepEqual(JSON.parse(span('request > RunnableSequence > chat gpt-test')?.messages ?? ''), asked);
        assert.deepEqual(JSON.parse(span('streamed > RunnableSequence > chat gpt-test')?.messages ?? ''), [
          { role: 'user', content: 'Tell me about cats' },
        ]);
        assert.deepEqual(JSON.parse(span('request > RunnableSequence > ChatPromptTemplate')?.lcOutput ?? ''), asked);
        assert.deepEqual(JSON.parse(span('request > RunnableSequence > StrOutputParser')?.lcInput ?? ''), {
          role: 'assistant',
          content: 'Echo: Tell me about bears',
        });
      });

      it('with the openai patch on, each model call is one LLM span in the tree carrying the provider data', async () => {
        const r = await result('chain with the openai patch on', format);
        assert.equal((r.out as unknown[])[2], true, 'streamEvents streamed tokens');
        const llms = llmSpans(r);
        assert.deepEqual(llms.map((s) => s.path).sort(), [
          'events > RunnableSequence > chat gpt-test',
          'request > RunnableSequence > chat gpt-test',
          'streamed > RunnableSequence > chat gpt-test',
        ]);
        for (const llm of llms) {
          // The request id comes only from the provider patch (the nested openai@6 copy): it wrote onto this span.
          assert.match(String(llm.requestId), /^req_/, `${llm.path} enriched by the openai patch`);
          assert.ok((llm.input ?? 0) > 0 && (llm.output ?? 0) > 0, `usage on ${llm.path}`);
        }
      });

      it('with the anthropic patch on, each model call is one LLM span with the provider usage, cache tokens and request id', async () => {
        const r = await result('chain with the anthropic patch on', format);
        const llms = llmSpans(r);
        assert.deepEqual(llms.map((s) => s.path).sort(), [
          'request > RunnableSequence > chat claude-test@cached=5',
          'streamed > RunnableSequence > chat claude-test@cached=5',
        ]);
        for (const llm of llms) {
          assert.ok(llm.requestId !== undefined, `${llm.path} enriched by the anthropic patch`);
          assert.equal(llm.cached, 5, 'cache reads from the provider');
          assert.ok((llm.input ?? 0) > 5 && (llm.output ?? 0) > 0);
        }
      });

      it('traces a tool-calling agent: tool spans, app spans inside the tool nest under it', async () => {
        const r = await result('tool-calling agent', format);
        assert.equal(r.out, 'Echo: Weather in Paris?');
        const p = paths(r);
        assert.ok(p.includes('request > LangGraph > tools > tool.get_weather > lookup'), p.join('\n'));
        const tool = r.spans.find((s) => s.path === 'request > LangGraph > tools > tool.get_weather');
        assert.equal(tool?.tool, 'Sunny in Paris');
        const llms = llmSpans(r);
        assert.equal(llms.length, 2, 'two model calls, two LLM spans');
        assert.deepEqual(llms.map((s) => s.finish).sort(), ['stop', 'tool_calls']);
        assert.ok(llms.every((s) => s.path.startsWith('request > LangGraph > model_request > chat ') && s.requestId));
      });

      it('traces a retriever: documents counted, app spans inside it nest under it', async () => {
        const r = await result('retriever', format);
        assert.equal(r.out, 2);
        assert.deepEqual(paths(r), [
          'request',
          'request > retrieval.PetRetriever',
          'request > retrieval.PetRetriever > vector-search',
        ]);
        assert.equal(r.spans[1]?.docs, 2);
      });

      it('traces a LangGraph graph and its nodes; an interrupt is not an error', async () => {
        const r = await result('LangGraph graph with an interrupt', format);
        assert.deepEqual(r.out, [['__interrupt__', 'answer'], 'yes!']);
        assert.deepEqual(paths(r), [
          'request',
          'request > LangGraph',
          'request > LangGraph > ask',
          'resume',
          'resume > LangGraph',
          // A resumed node runs again from its start, this time past the interrupt.
          'resume > LangGraph > ask',
          'resume > LangGraph > done',
        ]);
        assert.ok(
          r.spans.every((s) => s.status === 'ok'),
          JSON.stringify(r.spans)
        );
        assert.equal(r.spans.find((s) => s.path === 'request > LangGraph > ask')?.interrupted, true);
      });

      it('patches both module copies of @langchain/core: runs through either one are traced', async () => {
        const r = await result('both copies of @langchain/core in one process', format);
        assert.deepEqual(paths(r), ['other', 'other > ChatPromptTemplate', 'own', 'own > ChatPromptTemplate']);
      });

      it('NoveumCallbackHandler passed explicitly traces the call under the caller span (traceChains: false)', async () => {
        const r = await result('explicit NoveumCallbackHandler without autoInstrument', format);
        assert.equal(r.out, 'Echo: Tell me about bears');
        assert.deepEqual(paths(r), [
          'a',
          'a > chat gpt-test',
          'b',
          'b > chat gpt-test',
          'request',
          'request > chat gpt-test',
        ]);
        assert.ok((llmSpans(r)[0]?.input ?? 0) > 0);
      });
    });
  }
});
