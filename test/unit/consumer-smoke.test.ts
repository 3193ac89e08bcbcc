import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../helpers/consumer.js';

describe('the built package', () => {
  for (const format of FORMATS) {
    it(`traces a nested scope from a ${format} consumer`, async () => {
      const run = await runConsumer(
        format,
        `
        const exporter = new nt.InMemoryExporter();
        nt.init({ exporter });
        await nt.traceOperation('outer', async () => {
          await nt.traceOperation('inner', async () => {});
        });
        await nt.flush();
        report(exporter.getFinishedSpans().map((s) => [s.name, s.parentSpanId === undefined]));
        `
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports[0], [
        ['inner', false],
        ['outer', true],
      ]);
    });
  }
});
