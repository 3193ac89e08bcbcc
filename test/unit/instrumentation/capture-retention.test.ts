// What captured content keeps alive until export: what will be sent, not the whole prompt or
// response it was cut from (a 20 KB cut must not hold a 100 KB string in the heap).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isDeferredAttribute } from '../../../src/core/attributes.js';
import { captureText, prepareCaptureConfig, resolveCallCapture } from '../../../src/instrumentation/genai/capture.js';
import { requestAttributes, responseAttributes } from '../../../src/instrumentation/openai/utils.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CALLS = 40;
const SIZE = 200_000;
const GLOBAL = { inputs: true, outputs: true, maxInputLength: 20_000, maxOutputLength: 20_000 };
const plain = resolveCallCapture(prepareCaptureConfig(undefined), GLOBAL);
const redacting = resolveCallCapture(prepareCaptureConfig({ redactPii: true }), GLOBAL);

// A fresh flat string per call, as a parsed response body is (never shared with another call).
const freshText = (i: number): string => Buffer.alloc(SIZE, `call ${i} text `).toString('latin1');

const exported = (v: unknown): unknown => (isDeferredAttribute(v) ? v.resolve() : v);

/** Heap growth per call of holding what `capture(i)` returns, measured after full GCs. */
function retainedPerCall(capture: (i: number) => unknown): number {
  const held: unknown[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < CALLS; i++) held.push(capture(i));
  gc();
  const growth = process.memoryUsage().heapUsed - before;
  assert.equal(held.length, CALLS);
  return growth / CALLS;
}

// About 20,000 characters kept, 20 KB here and 40 KB at most (two-byte text), against 200 KB for
// the string it was cut from.
const BOUND = 80_000;

describe('captured content held until export', () => {
  it('a cut response keeps only its cut, not the whole response', () => {
    const perCall = retainedPerCall((i) => {
      const body = { choices: [{ message: { role: 'assistant', content: freshText(i) } }] };
      return responseAttributes('chat', body, 'gpt-4o', plain)['llm.response'];
    });
    assert.ok(perCall < BOUND, `retained ${Math.round(perCall)} bytes per call`);
  });

  it('a captured prompt keeps only what export can read of it', () => {
    for (const capture of [plain, redacting]) {
      const perCall = retainedPerCall((i) => {
        const params = { model: 'gpt-4o', messages: [{ role: 'user', content: freshText(i) }] };
        return requestAttributes('chat', params, capture)['llm.messages'];
      });
      assert.ok(perCall < BOUND, `retained ${Math.round(perCall)} bytes per call`);
    }
  });

  it('exports the same text as capturing the whole value would', () => {
    const long = `"quoted"\n${'é€ 😀 <tag> \\ '.repeat(3000)} mail me at a@b.io`;
    const inputs = [
      [{ role: 'user', content: long }],
      [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: long, name: 'u' },
      ],
      { role: 'user', content: long },
      [long, long],
      long,
    ];
    for (const capture of [plain, redacting]) {
      const max = capture.maxInputLength;
      for (const messages of inputs) {
        const got = exported(requestAttributes('chat', { model: 'm', messages }, capture)['llm.messages']);
        assert.equal(got, captureText(messages, max, capture.redact));
      }
      const body = { choices: [{ message: { role: 'assistant', content: long } }] };
      const response = exported(responseAttributes('chat', body, 'm', capture)['llm.response']);
      assert.equal(response, captureText(long, capture.maxOutputLength, capture.redact));
    }
  });
});
