/**
 * Upper layers keep their bookkeeping to themselves: activating a scoped span, disposing it and
 * letting an instrumentation enrich a traceLLM span leave no field of theirs on the core span.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLlmCall } from '../../../src/instrumentation/genai/llm-call.js';
import { getCurrentSpan, startScopedSpan, traceLLM } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const CORE_FIELDS_SNAPSHOT = new Set<string>();

function foreignFields(span: object): string[] {
  return Object.keys(span).filter((k) => !CORE_FIELDS_SNAPSHOT.has(k));
}

describe('core span fields', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
    // The fields a span has on its own, before any upper layer touched it.
    const plain = startScopedSpan('plain');
    for (const key of Object.keys(plain)) CORE_FIELDS_SNAPSHOT.add(key);
    plain[Symbol.dispose]();
  });
  after(() => t.close());

  it('gain nothing from an activated scope, and the scope still restores the outer span', () => {
    const outer = startScopedSpan('outer', { activate: true });
    {
      using inner = startScopedSpan('inner', { activate: true });
      assert.equal(getCurrentSpan(), inner);
      assert.deepEqual(foreignFields(inner), []);
    }
    assert.equal(getCurrentSpan(), outer, 'disposing the inner scope restored the outer span');
    outer[Symbol.dispose]();
    assert.deepEqual(foreignFields(outer), []);
  });

  it('gain nothing when an instrumentation claims a traceLLM span', () => {
    traceLLM({ model: 'm', provider: 'p' }, (span) => {
      const call = startLlmCall('chat m', {}, { stream: false });
      assert.equal(call?.span, span, 'the call enriched the scope');
      assert.deepEqual(foreignFields(span), []);
    });
  });
});
