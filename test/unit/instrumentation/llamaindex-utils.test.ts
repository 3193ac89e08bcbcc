import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeferredAttribute } from '../../../src/core/attributes.js';
import {
  prepareCaptureConfig,
  resolveCallCapture,
  type CallCapture,
} from '../../../src/instrumentation/genai/capture.js';
import { resolveLlamaIndexModule } from '../../../src/instrumentation/llamaindex/index.js';
import { createChunkAccumulator } from '../../../src/instrumentation/llamaindex/streaming.js';
import {
  describeCall,
  llmResultSummary,
  outputAttributes,
  providerOf,
  queryText,
} from '../../../src/instrumentation/llamaindex/utils.js';

const resolved = (bag: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(bag)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, isDeferredAttribute(v) ? v.resolve() : v])
  );
const GLOBAL = { inputs: true, outputs: true, maxInputLength: 20_000, maxOutputLength: 20_000 };
const capture = (config = {}): CallCapture => resolveCallCapture(prepareCaptureConfig(config), GLOBAL);

class OpenAI {
  model = 'gpt-4o-mini';
  temperature = 0.1;
  topP = 1;
}

describe('llamaindex call → span', () => {
  it('a chat is an LLM span named after its model, with the messages and the parameters', () => {
    const d = describeCall('chat', new OpenAI(), [{ messages: [{ role: 'user', content: 'Hi' }] }], capture());
    assert.equal(d.name, 'chat gpt-4o-mini');
    assert.equal(d.modelCall, true);
    assert.equal(d.streamed, false);
    assert.deepEqual(resolved(d.attributes), {
      'noveum.span_type': 'llm',
      'llm.operation': 'chat',
      'llm.provider': 'openai',
      'llm.model': 'gpt-4o-mini',
      'llm.temperature': 0.1,
      'llm.top_p': 1,
      'llm.streaming': false,
      'llm.messages': '[{"role":"user","content":"Hi"}]',
    });
  });

  it('a streamed complete records its prompt as one user message; inputs off records none', () => {
    const d = describeCall('complete', new OpenAI(), [{ prompt: 'Say hi', stream: true }], capture());
    assert.equal(d.streamed, true);
    assert.equal(resolved(d.attributes)['llm.messages'], '[{"role":"user","content":"Say hi"}]');
    const off = describeCall('complete', new OpenAI(), [{ prompt: 'x' }], capture({ captureInputs: false }));
    assert.equal(off.attributes['llm.messages'], undefined);
  });

  it('an embedding model may be a callable instance (a transform component)', () => {
    const model = Object.setPrototypeOf(() => undefined, { constructor: { name: 'OpenAIEmbedding' } }) as object;
    Object.assign(model, { model: 'text-embedding-3-small' });
    const d = describeCall('embeddings', model, [['a', 'b', 'c']], capture());
    assert.equal(d.name, 'embeddings text-embedding-3-small');
    assert.equal(d.attributes['llm.embedding.count'], 3);
    assert.equal(d.attributes['llm.provider'], 'openai');
  });

  it('retrievers, tools and engines get their own span types and names', () => {
    class VectorIndexRetriever {
      similarityTopK = 2;
    }
    const r = describeCall('retrieve', new VectorIndexRetriever(), [{ query: 'capital?' }], capture());
    assert.equal(r.name, 'retrieval.VectorIndexRetriever');
    assert.equal(resolved(r.attributes)['retrieval.query'], 'capital?');
    assert.equal(r.attributes['retrieval.top_k'], 2);
    const t = describeCall('tool', { metadata: { name: 'get_weather' } }, [{ city: 'Paris' }], capture());
    assert.equal(t.name, 'tool.get_weather');
    assert.equal(resolved(t.attributes)['tool.input'], '{"city":"Paris"}');
    class RetrieverQueryEngine {}
    const q = describeCall('query', new RetrieverQueryEngine(), [{ query: 'q?', stream: true }], capture());
    assert.equal(q.name, 'query_engine.RetrieverQueryEngine');
    assert.equal(q.streamed, true);
    assert.equal(q.attributes['agent.input'], 'q?');
  });

  it('reads query text from strings, bundles and content parts', () => {
    assert.equal(queryText('plain'), 'plain');
    assert.equal(
      queryText({ query: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }] }),
      'ab'
    );
    assert.equal(queryText(undefined), undefined);
  });

  it('names providers from the model class', () => {
    assert.equal(providerOf(new OpenAI()), 'openai');
    assert.equal(providerOf(Object.create(null)), 'unknown');
  });
});

describe('llamaindex result → attributes', () => {
  it('reads text, tool calls, ids and usage of a chat response with an OpenAI raw body', () => {
    const summary = llmResultSummary({
      message: { content: 'Hi', options: { toolCall: [{ id: 'c1', name: 'f', input: { a: 1 } }] } },
      raw: {
        id: 'chatcmpl-1',
        model: 'gpt-4o-mini-2024',
        usage: { prompt_tokens: 3, completion_tokens: 2 },
        choices: [{ finish_reason: 'stop' }],
      },
    });
    assert.equal(summary.text, 'Hi');
    assert.deepEqual(summary.toolCalls, [{ id: 'c1', name: 'f', arguments: '{"a":1}' }]);
    assert.equal(summary.id, 'chatcmpl-1');
    assert.equal(summary.finishReason, 'stop');
    assert.equal(summary.usage?.input, 3);
    assert.equal(summary.usage?.output, 2);
  });

  it('lists retrieved documents with their scores and counts embedding vectors', () => {
    const node = { id_: 'n1', metadata: { file: 'a.txt' }, getContent: () => 'Paris is in France.' };
    const a = resolved(outputAttributes('retrieve', [{ node, score: 0.9 }], capture()));
    assert.equal(a['retrieval.results_count'], 1);
    assert.deepEqual(JSON.parse(String(a['retrieval.documents'])), [
      { id: 'n1', score: 0.9, content: 'Paris is in France.', metadata: { file: 'a.txt' } },
    ]);
    assert.deepEqual(
      outputAttributes(
        'embeddings',
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        capture()
      ),
      {
        'llm.embedding.count': 2,
        'llm.embedding.dimensions': 3,
      }
    );
    assert.deepEqual(outputAttributes('embeddings', [1, 2], capture()), {
      'llm.embedding.count': 1,
      'llm.embedding.dimensions': 2,
    });
    const off = outputAttributes('retrieve', [{ node, score: 1 }], capture({ captureOutputs: false }));
    assert.equal(off['retrieval.documents'], undefined);
  });

  it('adds up a stream: text, the last chunk’s usage, and the tool call', () => {
    const acc = createChunkAccumulator();
    acc.add({ delta: 'Hel', raw: { id: 'c', model: 'm', choices: [{}] } });
    acc.add({
      delta: 'lo',
      raw: { choices: [{ finish_reason: 'stop' }] },
      options: { toolCall: [{ name: 'f', input: '{}' }] },
    });
    acc.add({ delta: '', raw: { choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } } });
    acc.add(null);
    const s = acc.summary();
    assert.equal(s.text, 'Hello');
    assert.equal(s.id, 'c');
    assert.equal(s.finishReason, 'stop');
    assert.equal(s.usage?.output, 2);
    assert.deepEqual(s.toolCalls, [{ id: undefined, name: 'f', arguments: '{}' }]);
    assert.equal(acc.pieces, 2);
  });
});

describe('resolveLlamaIndexModule', () => {
  it('takes a module with a LlamaIndex class export and leaves anything else', () => {
    const mod = { BaseRetriever: class {} };
    assert.equal(resolveLlamaIndexModule(mod), mod);
    assert.equal(resolveLlamaIndexModule({ OpenAI: class {} }), undefined);
    assert.equal(resolveLlamaIndexModule('llamaindex'), undefined);
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('no');
        },
      }
    );
    assert.equal(resolveLlamaIndexModule(hostile), undefined);
  });
});
