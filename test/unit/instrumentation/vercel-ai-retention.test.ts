// What an AI SDK span holds of the SDK's content attributes while the call runs: the cut its
// capture will read, not the SDK's whole JSON prompt (100 KB per call held through the call).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { noveumAITracer } from '../../../src/instrumentation/vercel-ai/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SPANS = 40;
const SIZE = 200_000;
// About 20,000 characters kept per attribute (the default limits), against 200 KB each.
const BOUND = 120_000;

// A fresh flat string per call, as the SDK's `JSON.stringify` of the prompt is.
const freshText = (i: number, tag: string): string => Buffer.alloc(SIZE, `${tag} ${i} text `).toString('latin1');

interface SdkSpan {
  setAttributes(a: Record<string, unknown>): unknown;
  end(): void;
}

describe('Vercel AI SDK span content held until the span ends', () => {
  let tracing: TestTracing;
  before(() => {
    tracing = setupTracing();
  });
  after(() => tracing.close());

  it('an open span holds only what its capture reads of a long prompt and response', () => {
    const tracer = noveumAITracer();
    const open: SdkSpan[] = [];
    gc();
    const start = process.memoryUsage().heapUsed;
    for (let i = 0; i < SPANS; i++) {
      const attributes = { 'ai.model.id': 'gpt-4o', 'ai.prompt.messages': freshText(i, 'prompt') };
      const span = tracer.startSpan('ai.generateText.doGenerate', { attributes }) as SdkSpan;
      span.setAttributes({ 'ai.response.text': freshText(i, 'reply'), 'ai.response.id': `r${i}` });
      open.push(span);
    }
    gc();
    const perSpan = (process.memoryUsage().heapUsed - start) / SPANS;
    for (const span of open) span.end();
    assert.ok(perSpan < BOUND, `held ${Math.round(perSpan)} bytes per open span`);
  });

  it('exports the same cut prompt and response as before', () => {
    const tracer = noveumAITracer({ maxInputLength: 50, maxOutputLength: 40 });
    const prompt = JSON.stringify([{ role: 'user', content: 'p'.repeat(5000) }]);
    const span = tracer.startSpan('ai.generateText.doGenerate', {
      attributes: { 'ai.model.id': 'cut-model', 'ai.prompt.messages': prompt },
    }) as SdkSpan;
    span.setAttributes({ 'ai.response.text': 'r'.repeat(5000) });
    span.end();
    const got = tracing.span('chat cut-model').attributes;
    assert.equal(got['llm.messages'], `${prompt.slice(0, 50)}…[truncated]`);
    assert.equal(got['llm.response'], `${'r'.repeat(40)}…[truncated]`);
  });
});
