/**
 * The brief's multi-step workflow: query enhancement (LLM), a vector search
 * (a plain operation), then response generation (LLM) with the search results as context.
 */
import type OpenAI from 'openai';
import { traceLLM, traceOperation } from 'noveum-trace';

interface Doc {
  readonly content: string;
  readonly score: number;
}

const DOCS = [
  'Retrieval-augmented generation feeds search results to a language model as context.',
  'Vector databases index embeddings so similar passages can be found quickly.',
  'Tracing records each step of a pipeline as a span with timings and attributes.',
  'Token usage decides most of the cost of a language model call.',
];

/** A stand-in vector store: ranks documents by shared words with the query. */
export const vectorDb = {
  search(query: string): Promise<Doc[]> {
    const words = new Set(query.toLowerCase().match(/[a-z]+/g) ?? []);
    const scored = DOCS.map((content) => {
      const hits = (content.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => words.has(w)).length;
      return { content, score: hits / Math.max(1, words.size) };
    });
    return Promise.resolve(scored.filter((d) => d.score > 0).sort((a, b) => b.score - a.score));
  },
};

function usageAttributes(usage: OpenAI.CompletionUsage | undefined): Record<string, number | undefined> {
  return {
    'llm.input_tokens': usage?.prompt_tokens,
    'llm.output_tokens': usage?.completion_tokens,
    'llm.total_tokens': usage?.total_tokens,
  };
}

export async function complexAiWorkflow(client: OpenAI, userQuery: string): Promise<string> {
  // Step 1: query enhancement
  const enhancedQuery = await traceLLM(
    { model: 'gpt-4o-mini', provider: 'openai', operation: 'query_enhancement' },
    async (span) => {
      const res = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Enhance this query: ${userQuery}` }],
      });
      const text = res.choices[0]?.message.content ?? userQuery;
      span.setAttributes({ ...usageAttributes(res.usage), 'llm.enhanced_query': text });
      return text;
    }
  );

  // Step 2: information retrieval (not an LLM call)
  const searchResults = await traceOperation('vector_search', async (span) => {
    const results = await vectorDb.search(`${userQuery} ${enhancedQuery}`);
    span.setAttributes({
      'search.query': enhancedQuery,
      'search.results_count': results.length,
      'search.top_score': results[0]?.score ?? 0,
      'retrieval.results_count': results.length,
    });
    return results;
  });

  // Step 3: response generation with context
  return traceLLM({ model: 'gpt-4o', provider: 'openai', operation: 'response_generation' }, async (span) => {
    const context = searchResults
      .slice(0, 3)
      .map((r) => r.content)
      .join('\n');
    const res = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: `Context: ${context}` },
        { role: 'user', content: enhancedQuery },
      ],
    });
    const answer = res.choices[0]?.message.content ?? '';
    span.setAttributes({
      ...usageAttributes(res.usage),
      'llm.context_length': context.length,
      'llm.context_sources': searchResults.slice(0, 3).length,
      'llm.final_response': answer,
    });
    return answer;
  });
}
