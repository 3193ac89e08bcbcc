/**
 * Type tests for the decorators and their inline twins, compiled with `tsc --noEmit` twice:
 * by the root tsconfig (TC39 standard decorators) and by test/types/legacy/tsconfig.json
 * (`experimentalDecorators: true`). Every `@ts-expect-error` must hold in both modes.
 */
import { trace, traceAgent, traceLLM, traceRetrieval, traceTool, type Span } from '../../src/index.js';

export class Typed {
  @trace sync(a: number): number {
    return a;
  }
  @trace() async asyncMethod(): Promise<string> {
    return 'a';
  }
  @trace('numbers') *numbers(): Generator<number> {
    yield 1;
  }
  @trace('chunks') async *chunks(): AsyncGenerator<string> {
    yield 'a';
  }
  @trace({ name: 'make', kind: 'client', attributes: { 'a.b': 1 } }) static make(): Typed {
    return new Typed();
  }
  @traceLLM({ model: 'gpt-4', provider: 'openai', operation: 'chat' }) llm(prompt: string): string {
    return prompt;
  }
  @traceLLM() llmDefaults(): void {}
  @traceAgent({ agentType: 'planner', operation: 'plan' }) agent(): void {}
  @traceTool() tool(): void {}
  @traceTool({ name: 'search', description: 'web search' }) namedTool(): void {}
  @traceRetrieval({ source: 'pgvector', topK: 3, query: 'q' }) retrieve(): void {}

  // @ts-expect-error fields are not methods
  @trace field = 1;
  // @ts-expect-error accessors are not methods
  @trace get accessor(): number {
    return 1;
  }
  // @ts-expect-error kind must be a SpanKind
  @trace({ kind: 'sideways' }) badKind(): void {}
  // @ts-expect-error model must be a string
  @traceLLM({ model: 4 }) badModel(): void {}
  // @ts-expect-error unknown option
  @traceTool({ nam: 'x' }) badOption(): void {}
  // @ts-expect-error topK must be a number
  @traceRetrieval({ topK: '3' }) badTopK(): void {}
}

// Decorated methods keep their signatures.
const typed = new Typed();
export const n: number = typed.sync(1);
export const p: Promise<string> = typed.asyncMethod();
export const g: Generator<number> = typed.numbers();
export const made: Typed = Typed.make();
// @ts-expect-error a sync method stays sync in the types too
export const notAPromise: Promise<number> = typed.sync(1);
// @ts-expect-error arguments are still checked
typed.llm(42);

// The same names inline: the callback's return type is the call's return type.
export const r1: number = traceLLM({ model: 'gpt-4' }, (span: Span) => (span.isRecording() ? 1 : 0));
export const r2: Promise<string> = traceAgent({ agentType: 'x' }, async () => 'a');
export const r3: string = traceTool({ name: 'x' }, () => 'a');
export const r4: Promise<number[]> = traceRetrieval({ query: 'q' }, () => Promise.resolve([1]));
// @ts-expect-error the inline tool form needs a name
traceTool({}, () => 1);
// @ts-expect-error the callback receives a Span
traceRetrieval({ query: 'q' }, (span: string) => span);
// @ts-expect-error a sync callback's result is not a promise
export const r5: Promise<number> = traceLLM({}, () => 1);
