/** With the backend stuck, the export queue holds its bounds: memory stays flat and drops are counted and reported. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { startNoveumReceiver } from '../../fixtures/servers/noveum-receiver.js';

describe('export queue bound', () => {
  const lines: string[] = [];
  const restore = setDiagSink((l) => lines.push(l));
  after(() => restore());

  it('keeps memory bounded and reports the drop count when 100k spans meet a backend that never answers', async () => {
    const receiver = await startNoveumReceiver();
    receiver.fail(...Array.from({ length: 100 }, () => 'hang' as const));
    init({
      apiKey: 'k-queue',
      endpoint: `${receiver.url}/api`,
      export: { flushIntervalMs: 10, timeoutMs: 60_000, maxRetries: 0, flushOnExit: false },
    });
    try {
      const dropsBefore = getDiagnostics().droppedSpans;
      const heapBefore = process.memoryUsage().heapUsed;
      let sum = 0;
      for (let i = 0; i < 100_000; i++) {
        sum += traceOperation('tick', (span) => {
          span.setAttribute('llm.input_tokens', i);
          return 1;
        });
        if (i % 10_000 === 0) await new Promise((r) => setImmediate(r));
      }
      const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      assert.equal(sum, 100_000, 'the app computed its own results');
      assert.ok(growthMb < 200, `heap grew ${growthMb.toFixed(1)} MB`);
      assert.ok(getDiagnostics().droppedSpans - dropsBefore > 90_000, 'most spans were dropped');
      await shutdown(500);
      const dropped = getDiagnostics().droppedSpans - dropsBefore;
      // One warning per stretch of dropping, and a summary with the count when a stretch ends
      // (at the latest at shutdown): the counts reported add up to every span dropped.
      const starts = lines.filter((l) => l.includes('export queue is full')).length;
      assert.ok(starts >= 1 && starts <= 20, `${starts} start warnings`);
      let reported = 0;
      for (const l of lines) {
        for (const m of l.matchAll(
          /(\d+) span\(s\) (?:were dropped while it was full|still queued were dropped|lost)/g
        ))
          reported += Number(m[1]);
      }
      assert.equal(reported, dropped, 'the summaries report every dropped span');
    } finally {
      await shutdown(500);
      await receiver.close();
    }
  });
});
