/** One misuse repeated in a loop is counted, not printed every time (own file: the limit is per process). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { finishSpan, startSpan } from '../../../src/index.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('unknown parent ids in a loop', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('warn ten times, say the rest are counted, and keep counting', () => {
    const before = getDiagnostics().misuseWarnings;
    for (let i = 0; i < 50; i++) finishSpan(startSpan(`orphan_${i}`, { parentSpanId: 'f'.repeat(16) }));
    const lines = t.diagLines.filter((l) => l.includes('is not an open span'));
    assert.equal(lines.length, 10);
    assert.match(lines[9]!, /further warnings like this are not printed/);
    assert.equal(getDiagnostics().misuseWarnings - before, 50);
    assert.equal(t.spans().length, 50, 'every span still starts a trace of its own');
  });
});
