/**
 * Peer pitfall 8 ("timers that hold the process open"), the part unit tests cannot see: a short
 * script whose backend accepts the export request and never answers must still exit by itself,
 * with its own exit code, once the bounded exit flush (5 s) gives up. Neither the in-flight
 * request's socket nor a new flush on every `beforeExit` may keep it alive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConsumer } from '../../helpers/consumer.js';
import { startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';

describe('a short script whose backend never answers', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startNoveumReceiver();
  });
  after(() => receiver.close());

  it('exits by itself with its own exit code after the bounded exit flush', async () => {
    receiver.fail(...Array.from({ length: 10 }, () => 'hang' as const));
    const from = receiver.all.length;
    const run = await runConsumer(
      'esm',
      `
      nt.init({ apiKey: 'k-hang', endpoint: ${JSON.stringify(receiver.url + '/api')} });
      report(nt.traceOperation('job', () => 'done'));
      process.exitCode = 3;
      `,
      // Far below the request timeout (30 s) and its retries: only a process that lets go passes.
      { timeoutMs: 20_000 }
    );
    assert.equal(run.signal, null, `the process was killed: ${run.stderr}`);
    assert.equal(run.code, 3, run.stderr);
    assert.deepEqual(run.reports, ['done']);
    assert.ok(receiver.all.length > from, 'the export request was made and left hanging');
    assert.match(run.stderr, /flush did not finish within 5000 ms/);
  });
});
