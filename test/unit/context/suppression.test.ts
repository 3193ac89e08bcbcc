import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isTracingSuppressed, runSuppressed, suppressTracing } from '../../../src/context/active-span.js';
import { getActiveContext, withContext } from '../../../src/context/context-manager.js';
import { startLlmCall } from '../../../src/instrumentation/genai/llm-call.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('tracing suppression', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('holds for the synchronous part of runSuppressed, nested too, and ends with it, even on a throw', () => {
    assert.equal(isTracingSuppressed(), false);
    const seen = runSuppressed(() => [
      isTracingSuppressed(),
      runSuppressed(() => isTracingSuppressed()),
      isTracingSuppressed(),
    ]);
    assert.deepEqual(seen, [true, true, true]);
    assert.equal(isTracingSuppressed(), false);
    assert.throws(() =>
      runSuppressed(() => {
        throw new Error('x');
      })
    );
    assert.equal(isTracingSuppressed(), false);
  });

  it('keeps instrumentations from starting LLM spans, as a suppressed context does', () => {
    assert.equal(
      runSuppressed(() => startLlmCall('chat m', {}, { stream: false })),
      undefined
    );
    assert.equal(
      withContext(suppressTracing(getActiveContext()), () => startLlmCall('chat m', {}, { stream: false })),
      undefined
    );
    const call = startLlmCall('chat m', {}, { stream: false });
    assert.ok(call, 'outside suppression a call is traced');
    call.span.end();
  });
});
