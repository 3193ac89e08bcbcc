/**
 * The brief's batch example with manual spans: a parent span for the batch and one
 * child per query (linked by `parentSpanId`), each finished in `finally`; `withSpan` makes
 * each query's span active while its OpenAI call runs, so the call is traced as its child.
 */
import type OpenAI from 'openai';
import { getClient, withSpan } from 'noveum-trace';

async function processSingleQuery(
  client: OpenAI,
  query: string
): Promise<{ text: string; usage: OpenAI.CompletionUsage | undefined }> {
  if (query.trim() === '') throw new Error('empty query');
  const res = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: query }],
  });
  return { text: res.choices[0]?.message.content ?? '', usage: res.usage };
}

export async function processMultipleQueries(client: OpenAI, queries: readonly string[]): Promise<(string | null)[]> {
  const tracing = getClient();
  const batchSpan = tracing.startSpan('batch_query_processing', {
    attributes: { 'batch.size': queries.length, 'batch.operation': 'llm_processing' },
  });
  const results: (string | null)[] = [];
  try {
    for (const [i, query] of queries.entries()) {
      const querySpan = tracing.startSpan(`query_processing_${i}`, {
        parentSpanId: batchSpan.spanId,
        attributes: { 'query.index': i, 'query.text': query.slice(0, 100), 'llm.model': 'gpt-4o-mini' },
      });
      try {
        // withSpan makes the manual span active, so the auto-instrumented call nests under it.
        const result = await withSpan(querySpan, () => processSingleQuery(client, query));
        results.push(result.text);
        querySpan.setAttributes({
          'query.success': true,
          'query.result_length': result.text.length,
          'llm.input_tokens': result.usage?.prompt_tokens,
          'llm.output_tokens': result.usage?.completion_tokens,
          'llm.total_tokens': result.usage?.total_tokens,
        });
        querySpan.setStatus('ok');
      } catch (error) {
        querySpan.recordException(error);
        querySpan.setStatus('error', error instanceof Error ? error.message : String(error));
        results.push(null);
      } finally {
        tracing.finishSpan(querySpan);
      }
    }
    batchSpan.setAttributes({
      'batch.successful': results.filter((r) => r !== null).length,
      'batch.failed': results.filter((r) => r === null).length,
    });
    batchSpan.setStatus('ok');
  } catch (error) {
    batchSpan.recordException(error);
    batchSpan.setStatus('error', error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    tracing.finishSpan(batchSpan);
  }
  return results;
}
