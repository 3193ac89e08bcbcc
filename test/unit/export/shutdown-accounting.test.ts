/**
 * Loss accounting at shutdown against a real receiver on 127.0.0.1: spans in flight when
 * `shutdown()` resolves are already counted, no retry leaves after it, spooled batches are counted
 * as spooled (not exported), and a spooled file is exactly a request body the exporter re-sends.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setDiagSink } from '../../../src/diag/diag.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { BatchProcessor } from '../../../src/export/batch-processor.js';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { makeTrace, RESOURCE } from './trace-factory.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('accounting when shutdown() resolves', () => {
  let receiver: Receiver;
  const lines: string[] = [];
  let restore: () => void;
  before(async () => {
    receiver = await startNoveumReceiver();
    restore = setDiagSink((l) => lines.push(l));
  });
  after(async () => {
    restore();
    await receiver.close();
  });

  const exporter = (extra: object = {}) =>
    new NoveumExporter({ apiKey: 'k-acct', endpoint: `${receiver.url}/api`, resource: RESOURCE, ...extra });

  it('counts the batch in flight before shutdown() resolves, and sends no retry after it', async () => {
    receiver.fail(...Array.from({ length: 10 }, () => ({ status: 503 })));
    const from = receiver.all.length;
    const p = new BatchProcessor(exporter({ retryBaseDelayMs: 300, maxRetries: 8 }), { flushIntervalMs: 0 });
    const before = getDiagnostics();
    p.onTraceEnd(makeTrace('retried', 2));
    await receiver.waitFor(() => receiver.all.length > from);
    await p.shutdown(100);
    const after = getDiagnostics();
    assert.equal(after.droppedSpans - before.droppedSpans, 3, 'the span in flight is counted when shutdown resolves');
    const sent = receiver.all.length;
    await pause(1_000);
    assert.equal(receiver.all.length, sent, 'no retry left after shutdown');
    assert.equal(getDiagnostics().droppedSpans, after.droppedSpans, 'nothing counted twice later');
  });

  it('counts a spooled batch as spooled, not exported, and spools the exact body the exporter re-sends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noveum-acct-'));
    try {
      receiver.fail('hang');
      const from = receiver.all.length;
      const p = new BatchProcessor(exporter({ spoolDir: dir }), { flushIntervalMs: 0 });
      const before = getDiagnostics();
      p.onTraceEnd(makeTrace('held', 1));
      await receiver.waitFor(() => receiver.all.length > from);
      await p.shutdown(100);
      const after = getDiagnostics();
      assert.equal(after.spooledSpans - before.spooledSpans, 2);
      assert.equal(after.spooledTraces - before.spooledTraces, 1);
      assert.equal(after.exportedTraces - before.exportedTraces, 0);
      const files = (await readdir(dir)).filter((n) => n.endsWith('.batch.json'));
      assert.equal(files.length, 1);
      // The spooled file is the body of the request the hung backend received.
      assert.equal(await readFile(join(dir, files[0]!), 'utf8'), receiver.all[from]!.text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
