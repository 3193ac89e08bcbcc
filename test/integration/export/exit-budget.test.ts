/**
 * The end of a process with the backend down, hung or refusing connections (real consumer
 * processes against receivers on 127.0.0.1): what cannot be delivered within the exit budget is
 * spooled when `spoolDir` is set, otherwise counted and reported as lost in one line;
 * `process.exit()` spools synchronously; SIGHUP is handled like SIGTERM; and
 * `getDiagnostics()` adds up when `shutdown()` resolves.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runConsumer } from '../../helpers/consumer.js';
import { downUrl, noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';

/** 20 traces of 2 spans; `report`s the app's own result. Default retry policy unless `extra` says otherwise. */
const produce = (endpoint: string, extra = '') => `
  nt.init({ apiKey: 'k-exit-budget', endpoint: ${JSON.stringify(endpoint + '/api')}, export: { flushIntervalMs: 60000${extra} } });
  let sum = 0;
  for (let i = 0; i < 20; i++) sum += await nt.traceOperation('job', async () => nt.traceOperation('inner', () => i));
  report(sum);
`;

const spool = (dir: string) => `, spoolDir: ${JSON.stringify(dir)}`;

/** Spans in the spool's batch files, read as the request bodies they are. */
async function spooledSpans(dir: string): Promise<number> {
  let n = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.batch.json')) continue;
    const body = JSON.parse(await readFile(join(dir, name), 'utf8')) as { traces: { spans: unknown[] }[] };
    n += body.traces.reduce((a, t) => a + t.spans.length, 0);
  }
  return n;
}

const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.includes('[noveum-trace]'));

describe('the end of a process when the backend cannot take the spans', () => {
  let receiver: Receiver;
  let dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'noveum-exit-budget-'));
    dirs.push(d);
    return d;
  };
  before(async () => {
    receiver = await startNoveumReceiver();
  });
  after(async () => {
    await receiver.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    dirs = [];
  });

  it('reports the loss in one honest line at a natural exit with the backend down and no spool', async () => {
    const run = await runConsumer('esm', `${produce(await downUrl())}\nprocess.exitCode = 4;`, { timeoutMs: 20_000 });
    assert.equal(run.code, 4, run.stderr);
    assert.deepEqual(run.reports, [190]);
    const lines = warnings(run.stderr);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /at exit: 40 span\(s\) lost \(.*ECONNREFUSED/);
    assert.doesNotMatch(run.stderr, /0 trace\(s\) still queued/);
  });

  it('spools everything at a natural exit with the backend down: retries do not outlast the exit budget', async () => {
    const dir = await tempDir();
    const run = await runConsumer('esm', produce(await downUrl(), spool(dir)), { timeoutMs: 20_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await spooledSpans(dir), 40);
    assert.match(run.stderr, /at exit: 40 span\(s\) spooled/);
  });

  it('spools the batch a hung backend holds once the configured exit budget is spent', async () => {
    const dir = await tempDir();
    receiver.fail('hang');
    const run = await runConsumer('esm', produce(receiver.url, `${spool(dir)}, exitTimeoutMs: 1000`), {
      timeoutMs: 20_000,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await spooledSpans(dir), 40);
    assert.match(run.stderr, /flush did not finish within 1000 ms at exit: 40 span\(s\) spooled/);
  });

  it('spools synchronously on process.exit(), in a form the next process delivers', async () => {
    const dir = await tempDir();
    const run = await runConsumer('esm', `${produce(await downUrl(), spool(dir))}\nprocess.exit(5);`, {
      timeoutMs: 20_000,
    });
    assert.equal(run.code, 5, run.stderr);
    assert.equal(await spooledSpans(dir), 40);
    const from = noveumSpans(receiver).length;
    const next = await runConsumer(
      'cjs',
      `nt.init({ apiKey: 'k-exit-budget', endpoint: ${JSON.stringify(receiver.url + '/api')}, export: ${`{ ${spool(dir).slice(2)} }`} });
       await nt.shutdown();`
    );
    assert.equal(next.code, 0, next.stderr);
    assert.equal(noveumSpans(receiver).length - from, 40);
  });

  it('delivers on process.exit() when the backend is up', async () => {
    const from = noveumSpans(receiver).length;
    const run = await runConsumer('cjs', `${produce(receiver.url)}\nprocess.exit(0);`, { timeoutMs: 20_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(noveumSpans(receiver).length - from, 40);
  });

  it('flushes on SIGHUP and still ends by the signal', async () => {
    const from = noveumSpans(receiver).length;
    const body = `${produce(receiver.url)}\nconsole.log('DONE');\nsetTimeout(() => {}, 60000);`;
    const run = await runConsumer('esm', body, { signal: { after: 'DONE', name: 'SIGHUP' }, timeoutMs: 20_000 });
    assert.equal(run.signal, 'SIGHUP', `exit code ${run.code}; ${run.stderr}`);
    assert.equal(noveumSpans(receiver).length - from, 40);
  });

  it('spools on SIGTERM when the backend hangs, and still ends by the signal', async () => {
    const dir = await tempDir();
    receiver.fail('hang');
    const body = `${produce(receiver.url, `${spool(dir)}, exitTimeoutMs: 1000`)}\nconsole.log('DONE');\nsetTimeout(() => {}, 60000);`;
    const run = await runConsumer('esm', body, { signal: { after: 'DONE', name: 'SIGTERM' }, timeoutMs: 20_000 });
    assert.equal(run.signal, 'SIGTERM', `exit code ${run.code}; ${run.stderr}`);
    assert.equal(await spooledSpans(dir), 40);
  });

  it('settles flush() then shutdown() within seconds when the backend refuses connections', async () => {
    const url = await downUrl();
    const run = await runConsumer(
      'esm',
      `${produce(url, ', batchSize: 1')}
       await nt.flush();
       await nt.shutdown();
       report(nt.getDiagnostics());`,
      // The default policy retried each of the 20 batches for ~7 s (flush 30 s + shutdown 30 s).
      { timeoutMs: 20_000 }
    );
    assert.equal(run.code, 0, run.stderr);
    const diag = run.reports[1] as { droppedSpans: number; exportedSpans: number };
    assert.equal(diag.droppedSpans, 40);
    assert.equal(diag.exportedSpans, 0);
    assert.match(run.stderr, /ECONNREFUSED/);
  });

  it('spools at shutdown() when the backend refuses connections', async () => {
    const dir = await tempDir();
    const run = await runConsumer(
      'esm',
      `${produce(await downUrl(), `, batchSize: 1${spool(dir)}`)}
       await nt.flush();
       await nt.shutdown();
       report(nt.getDiagnostics());`,
      { timeoutMs: 20_000 }
    );
    assert.equal(run.code, 0, run.stderr);
    const diag = run.reports[1] as { spooledSpans: number; exportedSpans: number; exportedTraces: number };
    assert.equal(diag.spooledSpans, 40);
    assert.equal(await spooledSpans(dir), 40);
    assert.equal(diag.exportedSpans + diag.exportedTraces, 0, 'spooled batches are not counted as exported');
  });

  it('adds up when shutdown() resolves after a timed-out flush(): exported + dropped + spooled = produced', async () => {
    const dir = await tempDir();
    // The first request is answered 200, the second hangs.
    receiver.fail({ status: 200, body: '{}' }, 'hang');
    const from = receiver.all.length;
    const run = await runConsumer(
      'esm',
      `nt.init({ apiKey: 'k-exit-budget', endpoint: ${JSON.stringify(receiver.url + '/api')},
         export: { flushIntervalMs: 60000, batchSize: 5${spool(dir)} } });
       for (let i = 0; i < 5; i++) nt.traceOperation('first', () => nt.traceOperation('inner', () => i));
       await nt.flush();
       for (let i = 0; i < 15; i++) nt.traceOperation('later', () => nt.traceOperation('inner', () => i));
       await nt.flush(1000);
       // A shutdown that waited again for the hung request would hold this process past its timeout.
       await nt.shutdown(60000);
       report(nt.getDiagnostics());`,
      { timeoutMs: 20_000 }
    );
    assert.equal(run.code, 0, run.stderr);
    const d = run.reports[0] as { exportedSpans: number; droppedSpans: number; spooledSpans: number };
    const first = receiver.all[from]?.json as { traces: { spans: unknown[] }[] };
    assert.equal(
      d.exportedSpans,
      first.traces.reduce((n, t) => n + t.spans.length, 0)
    );
    assert.equal(d.exportedSpans, 10);
    assert.equal(d.spooledSpans, await spooledSpans(dir));
    assert.equal(d.exportedSpans + d.droppedSpans + d.spooledSpans, 40);
  });
});
