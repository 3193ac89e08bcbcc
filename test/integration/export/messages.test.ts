/**
 * What a user sees on stderr (a real consumer process against the built package): one line per
 * warning, no stack traces unless debug is on, and no "internal error" for ordinary events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConsumer } from '../../helpers/consumer.js';
import { startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';

function sdkLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '');
}

function assertOneLineEach(lines: readonly string[]): void {
  for (const line of lines) assert.match(line, /^\[noveum-trace\] (warn|info|error): /, `a continuation line: ${line}`);
}

describe('warning lines on stderr', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startNoveumReceiver();
  });
  after(() => receiver.close());

  it('reports a rejected API key (401) once, on one line, without a stack', async () => {
    receiver.fail({ status: 401 }, { status: 401 });
    const run = await runConsumer(
      'esm',
      `nt.init({ apiKey: 'k-messages-test', endpoint: ${JSON.stringify(receiver.url + '/api')}, export: { maxRetries: 0 } });
       nt.traceOperation('first', () => 1);
       await nt.flush();
       nt.traceOperation('second', () => 2);
       await nt.flush();
       await nt.shutdown();
       report(nt.getDiagnostics().droppedSpans);`
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports, [2]);
    const lines = sdkLines(run.stderr);
    assertOneLineEach(lines);
    // The rejection is explained once; the loss it caused is counted once, at shutdown (its own line).
    const losses = lines.filter((l) => /export stopped:/.test(l));
    const about401 = lines.filter((l) => !losses.includes(l) && /401|rejected|export failed/.test(l));
    assert.equal(about401.length, 1, run.stderr);
    assert.match(about401[0]!, /API key/);
    assert.equal(losses.length, 1, run.stderr);
    assert.match(losses[0]!, /\b2 span\(s\) lost\b/);
  });

  it('counts a span that ends after shutdown() quietly, not as an internal error', async () => {
    const run = await runConsumer(
      'cjs',
      `nt.init({ exporter: 'console' });
       const span = nt.startSpan('late');
       const child = nt.startSpan('late_child', { parent: span });
       await nt.shutdown();
       child.end();
       span.end();
       const d = nt.getDiagnostics();
       report({ dropped: d.droppedSpans, internal: d.internalErrors });`
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports, [{ dropped: 2, internal: 0 }]);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
  });
});
