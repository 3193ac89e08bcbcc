/** The export queue's byte accounting reads a deferred capture's size hint instead of resolving it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/api/manual.js';
import type { FinishedTrace, TraceProcessor } from '../../../src/core/types.js';
import { estimateTraceBytes } from '../../../src/export/trace-queue.js';
import { deferCapture } from '../../../src/instrumentation/genai/capture.js';

describe('queue accounting of deferred captures', () => {
  const seen: Array<{ bytes: number; trace: FinishedTrace }> = [];
  before(() => {
    const probe: TraceProcessor = {
      onTraceEnd: (trace) => void seen.push({ bytes: estimateTraceBytes(trace), trace }),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    init({ exporter: 'none', processors: [probe], capture: { maxInputLength: 20_000 } });
  });
  after(() => shutdown(1_000));

  it('counts what the snapshot of a 100 KB prompt keeps alive, and resolves nothing while counting', () => {
    const messages = [{ role: 'user', content: 'x'.repeat(100_000) }];
    const span = startSpan('chat m');
    span.setAttribute('llm.messages', deferCapture(messages, 20_000, undefined));
    span.end();
    assert.equal(seen.length, 1);
    const { bytes, trace } = seen[0]!;
    // The snapshot keeps only what export can read of the prompt (its cut, plus slack).
    assert.ok(bytes >= 20_000 && bytes < 30_000, `counted ${bytes} bytes`);
    // Reading the attributes now resolves the capture, cut to maxInputLength.
    const text = String(trace.spans[0]!.attributes['llm.messages']);
    assert.ok(text.length <= 20_000 + '…[truncated]'.length && text.startsWith('[{"role":"user"'));
  });
});
