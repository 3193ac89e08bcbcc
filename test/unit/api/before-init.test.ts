import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  finishSpan,
  flush,
  shutdown,
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
} from '../../../src/index.js';
import { captureDiag } from '../../helpers/tracing.js';

describe('the API before init()', () => {
  it('runs every callback, returns its value and throws nothing of its own', async () => {
    const diag = captureDiag();
    try {
      assert.equal(getClient().isEnabled, false);
      assert.equal(
        traceOperation('op', () => 1),
        1
      );
      assert.equal(
        traceLLM({ model: 'm' }, () => 2),
        2
      );
      assert.equal(await traceAgent({ agentType: 'a' }, async () => 3), 3);
      assert.equal(
        traceTool({ name: 't' }, () => 4),
        4
      );
      assert.equal(
        traceRetrieval({ query: 'q' }, () => 5),
        5
      );
      assert.equal(traceExistingFunction((a: number) => a + 1)(5), 6);
      assert.deepEqual(traceLLMCall(() => ({ usage: { prompt_tokens: 1 } }))(), { usage: { prompt_tokens: 1 } });
      const span = startSpan('manual', { attributes: { a: 1 } });
      span.setAttribute('b', 2).setStatus('ok');
      finishSpan(span);
      assert.equal(span.isRecording(), false);
      using scoped = startScopedSpan('scoped');
      assert.equal(scoped.isRecording(), false);
      assert.equal(getCurrentSpan(), undefined);
      assert.equal(getCurrentTrace(), undefined);
      const error = new Error('user error');
      assert.throws(
        () =>
          traceOperation('x', () => {
            throw error;
          }),
        (e) => e === error
      );
      const client = getClient();
      const manual = client.startSpan('client-manual', { parentSpanId: '00f067aa0ba902b7' });
      client.finishSpan(manual);
      client.finishSpan(manual);
      assert.equal(await flush(), undefined);
      assert.equal(await client.forceFlush(), undefined);
      assert.equal(await shutdown(), undefined);
      assert.equal(getClient().isEnabled, false, 'shutdown() before init() leaves the no-op client in place');
      assert.deepEqual(diag.lines, [], 'no warnings: not even for a second end() or an unknown parent id');
    } finally {
      diag.restore();
    }
  });
});
