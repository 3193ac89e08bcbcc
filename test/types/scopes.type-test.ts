/**
 * Type tests for the inline scopes, manual spans and helpers, compiled by `npm run typecheck`.
 * They pin what the types promise a caller: a sync callback's value is not a promise, an
 * async one's is, helpers keep the wrapped function's signature, and bad options are errors.
 */
import {
  finishSpan,
  getClient,
  getCurrentSpan,
  getCurrentTrace,
  startScopedSpan,
  startSpan,
  traceAgent,
  traceExistingFunction,
  traceLLM,
  traceLLMCall,
  traceOperation,
  traceRetrieval,
  traceTool,
  type Span,
} from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T): void => undefined;

// A sync callback keeps its type; an async one returns its promise; generators stay generators.
const _n = traceOperation('sync', () => 1);
expectType<Equal<typeof _n, number>>(true);
const _p = traceLLM({ model: 'gpt-4', provider: 'openai' }, async (span: Span) => span.spanId);
expectType<Equal<typeof _p, Promise<string>>>(true);
const _g = traceAgent({ agentType: 'a', operation: 'o' }, async function* () {
  yield 1;
});
expectType<Equal<typeof _g, AsyncGenerator<number, void, unknown>>>(true);
const _withAttrs = traceOperation('attrs', { attributes: { k: 1 }, kind: 'client' }, () => 'x');
expectType<Equal<typeof _withAttrs, string>>(true);
expectType<Equal<ReturnType<typeof traceTool<boolean>>, boolean>>(true);
traceRetrieval({ query: 'q', source: 's', topK: 3 }, () => []);

// @ts-expect-error traceTool needs the tool's name
traceTool({}, () => 1);
// @ts-expect-error the model is a string
traceLLM({ model: 4 }, () => 1);
// @ts-expect-error a span kind is one of the five OpenTelemetry kinds
traceOperation('k', { kind: 'rpc' }, () => 1);

// Manual spans: the options of the brief, chainable setters, the status union.
const parent = getClient().startSpan('batch', { attributes: { 'batch.size': 2 }, kind: 'internal' });
const child = startSpan('child', { parentSpanId: parent.spanId, attributes: { i: 0 } });
child
  .setAttribute('a', 1)
  .setAttributes({ b: true })
  .addEvent('e')
  .setStatus('error', 'why')
  .recordException(new Error('x'));
// @ts-expect-error the status is "ok" | "error" | "unset"
child.setStatus('failed');
finishSpan(child);
getClient().finishSpan(parent);
const current: Span | undefined = getCurrentSpan();
const traceName: string | undefined = getCurrentTrace()?.name;
void current;
void traceName;
{
  using scoped = startScopedSpan('scoped');
  scoped.setAttribute('k', 'v');
}

// Helpers keep the wrapped function's own signature.
const parse = (text: string, radix: number): number => parseInt(text, radix);
const tracedParse = traceExistingFunction(parse, 'parse', { 'doc.type': 'int' });
expectType<Equal<typeof tracedParse, typeof parse>>(true);
const _ask = traceLLMCall(async (q: string) => ({ text: q, usage: { input_tokens: 1, output_tokens: 2 } }), {
  model: 'claude',
  provider: 'anthropic',
});
expectType<Equal<Awaited<ReturnType<typeof _ask>>['text'], string>>(true);
// @ts-expect-error the wrapper takes the same arguments
tracedParse('1');
