import assert from 'node:assert/strict';

/**
 * A class using every decorator, written as a TypeScript user would. It compiles unchanged
 * as TC39 standard decorators and with `experimentalDecorators`: brief-samples.test.ts runs the
 * first (in its tsc program), decorator-consumers.test.ts the second, both against the built .d.ts.
 */
/** The set-up the scenario expects (brief-scenarios.ts's PRELUDE provides the same `exporter`). */
export const DECORATED_SETUP = `
const exporter = new nt.InMemoryExporter();
nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
`;

export const DECORATED_SCENARIO = `
class Retriever {
  constructor(private readonly corpus: string[]) {}

  @nt.trace
  answer(query: string): string {
    return this.search(query).join(' ');
  }

  @nt.traceRetrieval({ source: 'memory', topK: 2 })
  search(query: string): string[] {
    return this.corpus.filter((d) => d.includes(query)).slice(0, 2);
  }

  @nt.traceLLM({ model: 'gpt-4', provider: 'openai' })
  async generate(prompt: string): Promise<string> {
    await new Promise((r) => setTimeout(r, 1));
    return prompt.toUpperCase();
  }

  @nt.traceTool({ name: 'stream' })
  async *chunks(n: number): AsyncGenerator<number> {
    for (let i = 0; i < n; i++) yield i;
  }

  @nt.trace('make_retriever')
  static make(): Retriever {
    return new Retriever(['a cat', 'a dog', 'a cow']);
  }
}

const r = Retriever.make();
const sync: string = r.answer('a c');
const generated = await r.generate('hi');
const chunks: number[] = [];
for await (const c of r.chunks(3)) chunks.push(c);
// A class declaration: legacy decorators are not allowed on class expressions.
class Critic {
  @nt.traceAgent({ agentType: 'critic', operation: 'judge' })
  judge(): never {
    throw new RangeError('out of range');
  }
}
const failing = new Critic();
let caught: unknown;
try {
  failing.judge();
} catch (e) {
  caught = e;
}
await nt.flush();
report({
  sync,
  generated,
  chunks,
  caught: caught instanceof RangeError ? caught.message : String(caught),
  spans: exporter.getFinishedSpans().map((s: nt.ReadableSpan) => ({
    name: s.name, id: s.spanId, parent: s.parentSpanId ?? null, status: s.status.code, type: s.exception?.type ?? null,
  })),
});
`;

/** What the scenario reports. */
export interface DecoratedReport {
  sync: string;
  generated: string;
  chunks: number[];
  caught: string;
  spans: { name: string; id: string; parent: string | null; status: string; type: string | null }[];
}

/** Asserts the values and spans every compilation of the scenario must produce. */
export function checkDecoratedReport(out: DecoratedReport): void {
  assert.deepEqual([out.sync, out.generated, out.chunks, out.caught], ['a cat a cow', 'HI', [0, 1, 2], 'out of range']);
  const byName = (n: string): DecoratedReport['spans'][number] => {
    const found = out.spans.filter((s) => s.name === n);
    assert.equal(found.length, 1, `one ${n} in ${JSON.stringify(out.spans.map((s) => s.name))}`);
    return found[0]!;
  };
  assert.equal(byName('retrieval.memory').parent, byName('Retriever.answer').id);
  assert.equal(byName('make_retriever').parent, null);
  assert.equal(byName('Retriever.generate').status, 'ok', '@traceLLM without an operation is named ClassName.method');
  assert.equal(byName('tool.stream').status, 'ok');
  const judge = byName('agent.critic.judge');
  assert.deepEqual([judge.status, judge.type], ['error', 'RangeError']);
}
