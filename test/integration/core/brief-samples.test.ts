/**
 * TypeScript twins of the brief's samples (sections 1, 3 and 6), run as real ESM and
 * CommonJS consumers of the built package, with a fake LLM function in place of the client.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';

const PRELUDE = `
const exporter = new nt.InMemoryExporter();
nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const fakeLLM = (content, fail) => {
  if (fail) throw Object.assign(new Error('rate limited'), { name: 'RateLimitError' });
  return { choices: [{ message: { content: 'answer to ' + content } }], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } };
};
const spans = () => exporter.getFinishedSpans().map((s) => ({
  name: s.name, id: s.spanId, parent: s.parentSpanId ?? null, trace: s.traceId,
  status: s.status, exception: s.exception ? s.exception.type + ': ' + s.exception.message : null, attributes: s.attributes,
}));
`;

interface Reported {
  name: string;
  id: string;
  parent: string | null;
  trace: string;
  status: { code: string; message?: string };
  exception: string | null;
  attributes: Record<string, unknown>;
}

async function run(format: 'esm' | 'cjs', body: string): Promise<Reported[]> {
  const result = await runConsumer(format, PRELUDE + body + '\nawait nt.flush();\nreport(spans());\n');
  assert.equal(result.code, 0, result.stderr);
  return result.reports[result.reports.length - 1] as Reported[];
}

const byName = (spans: Reported[], name: string): Reported => {
  const s = spans.find((x) => x.name === name);
  assert.ok(s, `span ${name} in ${JSON.stringify(spans.map((x) => x.name))}`);
  return s;
};

for (const format of FORMATS) {
  describe(`the brief's samples from a ${format} consumer`, () => {
    it('1. traces just the LLM call of process_user_query with usage attributes', async () => {
      const spans = await run(
        format,
        `
        function processUserQuery(userInput) {
          const cleaned = userInput.trim().toLowerCase();
          const response = nt.traceLLM({ model: 'gpt-4', provider: 'openai' }, (span) => {
            const response = fakeLLM(cleaned);
            span.setAttributes({
              'llm.input_tokens': response.usage.prompt_tokens,
              'llm.output_tokens': response.usage.completion_tokens,
              'llm.total_tokens': response.usage.total_tokens,
              'llm.response': response.choices[0].message.content,
            });
            return response;
          });
          return response.choices[0].message.content.toUpperCase();
        }
        report(processUserQuery('  Hello '));
      `
      );
      const llm = byName(spans, 'llm.gpt-4');
      assert.equal(llm.parent, null);
      assert.deepEqual(llm.status, { code: 'ok' });
      assert.equal(llm.attributes['llm.model'], 'gpt-4');
      assert.equal(llm.attributes['llm.provider'], 'openai');
      assert.equal(llm.attributes['llm.total_tokens'], 12);
      assert.equal(llm.attributes['llm.response'], 'answer to hello');
    });

    it('1. traces the advanced multi-step workflow as three children of one trace', async () => {
      const spans = await run(
        format,
        `
        const vectorDb = { search: async (q) => [{ content: 'doc1', score: 0.9 }, { content: 'doc2', score: 0.5 }] };
        async function complexAiWorkflow(userQuery) {
          const results = {};
          await nt.traceLLM({ model: 'gpt-3.5-turbo', operation: 'query_enhancement' }, async (span) => {
            const enhanced = fakeLLM('Enhance this query: ' + userQuery);
            results.enhancedQuery = enhanced.choices[0].message.content;
            span.setAttribute('llm.enhanced_query', results.enhancedQuery);
          });
          const searchResults = await nt.traceOperation('vector_search', async (span) => {
            const r = await vectorDb.search(results.enhancedQuery);
            span.setAttributes({ 'search.query': results.enhancedQuery, 'search.results_count': r.length, 'search.top_score': r.length ? r[0].score : 0 });
            return r;
          });
          return nt.traceLLM({ model: 'gpt-4', operation: 'response_generation' }, async (span) => {
            const context = searchResults.slice(0, 3).map((r) => r.content).join('\\n');
            const final = fakeLLM(results.enhancedQuery);
            span.setAttributes({ 'llm.context_length': context.length, 'llm.context_sources': searchResults.slice(0, 3).length, 'llm.final_response': final.choices[0].message.content });
            return final.choices[0].message.content;
          });
        }
        await nt.traceOperation('complex_ai_workflow', () => complexAiWorkflow('what is RAG?'));
      `
      );
      const root = byName(spans, 'complex_ai_workflow');
      const names = ['llm.query_enhancement', 'vector_search', 'llm.response_generation'];
      for (const n of names) {
        assert.equal(byName(spans, n).parent, root.id);
        assert.equal(byName(spans, n).trace, root.trace);
        assert.equal(byName(spans, n).status.code, 'ok');
      }
      assert.equal(byName(spans, 'llm.query_enhancement').attributes['llm.operation'], 'query_enhancement');
      assert.equal(byName(spans, 'vector_search').attributes['search.results_count'], 2);
      assert.equal(byName(spans, 'vector_search').attributes['search.top_score'], 0.9);
      assert.equal(byName(spans, 'llm.response_generation').attributes['llm.context_sources'], 2);
    });

    it('3. manages an LLM span by hand, recording the exception on failure', async () => {
      const spans = await run(
        format,
        `
        function existingFunctionWithLlmCalls(userInput, fail) {
          const client = nt.getClient();
          const llmSpan = client.startSpan('gpt4_query_processing', {
            attributes: { 'llm.model': 'gpt-4', 'llm.provider': 'openai', 'llm.operation': 'chat_completion' },
          });
          let response;
          try {
            response = fakeLLM(userInput, fail);
            llmSpan.setAttributes({ 'llm.input_tokens': response.usage.prompt_tokens, 'llm.output_tokens': response.usage.completion_tokens, 'llm.response': response.choices[0].message.content });
            llmSpan.setStatus('ok');
          } catch (e) {
            llmSpan.recordException(e);
            llmSpan.setStatus('error', String(e.message));
            throw e;
          } finally {
            client.finishSpan(llmSpan);
          }
          return response.choices[0].message.content;
        }
        existingFunctionWithLlmCalls('ok');
        try { existingFunctionWithLlmCalls('boom', true); } catch (e) { report(e.name); }
      `
      );
      const [ok, failed] = spans.filter((s) => s.name === 'gpt4_query_processing');
      assert.deepEqual(ok?.status, { code: 'ok' });
      assert.equal(ok?.attributes['llm.output_tokens'], 7);
      assert.deepEqual(failed?.status, { code: 'error', message: 'rate limited' });
      assert.equal(failed?.exception, 'RateLimitError: rate limited');
    });

    it('3. builds the batch: a parent and one child per query, each finished in finally', async () => {
      const spans = await run(
        format,
        `
        function processSingleQuery(q) { if (q === 'bad') throw new Error('cannot answer ' + q); return fakeLLM(q).choices[0].message.content; }
        function processMultipleQueries(queries) {
          const client = nt.getClient();
          const batchSpan = client.startSpan('batch_query_processing', { attributes: { 'batch.size': queries.length, 'batch.operation': 'llm_processing' } });
          const results = [];
          try {
            queries.forEach((query, i) => {
              const querySpan = client.startSpan('query_processing_' + i, { parentSpanId: batchSpan.spanId, attributes: { 'query.index': i, 'query.text': query.slice(0, 100) } });
              try {
                const result = processSingleQuery(query);
                results.push(result);
                querySpan.setAttributes({ 'query.success': true, 'query.result_length': String(result).length });
                querySpan.setStatus('ok');
              } catch (e) {
                querySpan.recordException(e);
                querySpan.setStatus('error', e.message);
                results.push(null);
              } finally {
                client.finishSpan(querySpan);
              }
            });
            batchSpan.setAttributes({ 'batch.successful': results.filter((r) => r !== null).length, 'batch.failed': results.filter((r) => r === null).length });
            batchSpan.setStatus('ok');
          } catch (e) {
            batchSpan.recordException(e);
            batchSpan.setStatus('error', e.message);
            throw e;
          } finally {
            client.finishSpan(batchSpan);
          }
          return results;
        }
        processMultipleQueries(['a', 'bad', 'c']);
      `
      );
      const batch = byName(spans, 'batch_query_processing');
      assert.equal(batch.attributes['batch.successful'], 2);
      assert.equal(batch.attributes['batch.failed'], 1);
      for (const i of [0, 1, 2]) {
        const q = byName(spans, `query_processing_${i}`);
        assert.equal(q.parent, batch.id);
        assert.equal(q.trace, batch.trace);
        assert.equal(q.attributes['query.index'], i);
      }
      assert.equal(byName(spans, 'query_processing_1').status.code, 'error');
      assert.equal(byName(spans, 'query_processing_1').exception, 'Error: cannot answer bad');
    });

    it('6. wraps existing functions: traceExistingFunction, traceLLMCall, startSpan/finishSpan, getCurrentSpan', async () => {
      const spans = await run(
        format,
        `
        function postProcess(text) { return text + '!' + (nt.getCurrentSpan() ? '' : '?'); }
        const tracedPostProcess = nt.traceExistingFunction(postProcess, undefined, { 'step': 'post' });
        const ask = nt.traceLLMCall(async (q) => fakeLLM(q), { model: 'gpt-4', provider: 'openai' });
        const span = nt.startSpan('manual_parent');
        report(tracedPostProcess((await ask('q')).choices[0].message.content));
        nt.finishSpan(span);
      `
      );
      const post = byName(spans, 'postProcess');
      assert.equal(post.attributes['step'], 'post');
      const llm = byName(spans, 'llm.gpt-4');
      assert.deepEqual(
        [llm.attributes['llm.input_tokens'], llm.attributes['llm.output_tokens'], llm.attributes['llm.total_tokens']],
        [5, 7, 12]
      );
      assert.equal(byName(spans, 'manual_parent').parent, null);
    });

    it('exposes the decorators, helpers and ConsoleExporter from the built package', async () => {
      const result = await runConsumer(
        format,
        `
        report(['trace', 'traceLLM', 'traceAgent', 'traceTool', 'traceRetrieval', 'traceExistingFunction', 'traceLLMCall', 'ConsoleExporter', 'startScopedSpan'].filter((n) => typeof nt[n] !== 'function'));
        let out = '';
        nt.init({ exporter: new nt.ConsoleExporter({ write: (t) => (out += t) }) });
        nt.traceLLM({ model: 'gpt-4', provider: 'openai' }, (s) => s.setAttribute('llm.total_tokens', 3));
        await nt.flush();
        report(out);
      `
      );
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.reports[0], []);
      assert.match(String(result.reports[1]), /llm\.gpt-4 {2}\S+ ms {2}ok {2}gpt-4 \(openai\) {2}tokens 3 total/);
    });
  });
}
