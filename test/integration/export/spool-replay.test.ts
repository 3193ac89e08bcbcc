/**
 * Spool replay across real processes (against the built package): every spooled
 * span is eventually delivered exactly once, or counted as dropped with a reason,
 * whether the replaying process is short, is killed mid-send, or meets a refusal.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { runConsumer } from '../../helpers/consumer.js';
import { downUrl, noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { makeTrace, RESOURCE } from '../../unit/export/trace-factory.js';

const SPANS_PER_BATCH = 300;
const BATCHES = 3;
const TOTAL = SPANS_PER_BATCH * BATCHES;

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
let receiver: Receiver | undefined;
afterEach(() => receiver?.close());

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'noveum-replay-'));
  dirs.push(d);
  return d;
}

/** Spools 3 batches of 300 spans (150 traces of 2 spans each), as a run whose backend was down. */
async function spoolBatches(spoolDir: string): Promise<void> {
  const down = new NoveumExporter({
    apiKey: 'k',
    endpoint: `${await downUrl()}/api`,
    maxRetries: 0,
    spoolDir,
    resource: RESOURCE,
  });
  for (let b = 0; b < BATCHES; b++) {
    const traces = Array.from({ length: SPANS_PER_BATCH / 2 }, (_, i) => makeTrace(`b${b}-t${i}`, 1));
    assert.deepEqual(await down.export(traces), { code: 'success', spooled: true }, 'spooled');
  }
  await down.shutdown();
  assert.equal((await readdir(spoolDir)).filter((n) => n.endsWith('.batch.json')).length, BATCHES);
}

const initLine = (r: Receiver, spoolDir: string, extra = ''): string =>
  `nt.init({ apiKey: 'k-replay', endpoint: ${JSON.stringify(r.url + '/api')}, export: { spoolDir: ${JSON.stringify(spoolDir)}, retryBaseDelayMs: 10${extra} } });`;

/** Span ids the receiver accepted: all distinct (each span once) and how many. */
function acceptedSpanIds(r: Receiver): string[] {
  const ids = noveumSpans(r).map((s) => s.span_id);
  assert.equal(new Set(ids).size, ids.length, 'a span was delivered twice');
  return ids;
}

describe('spool replay across processes', () => {
  it('a short run replays every spooled batch, not one per run, before it exits', async () => {
    const spoolDir = await tempDir();
    // The spooling run is a real process too: backend down, three batches of 300 spans.
    const first = await runConsumer(
      'esm',
      `nt.init({ apiKey: 'k-replay', endpoint: ${JSON.stringify((await downUrl()) + '/api')},
         export: { spoolDir: ${JSON.stringify(spoolDir)}, maxRetries: 0, batchSize: 150, flushIntervalMs: 60000 } });
       for (let i = 0; i < 450; i++) nt.traceOperation('job', () => nt.traceOperation('inner', () => i));`
    );
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await readdir(spoolDir)).filter((n) => n.endsWith('.batch.json')).length, BATCHES);
    receiver = await startNoveumReceiver();
    // A run that only starts and ends: the exit waits for the replay.
    const second = await runConsumer('cjs', initLine(receiver, spoolDir));
    assert.equal(second.code, 0, second.stderr);
    assert.equal(acceptedSpanIds(receiver).length, TOTAL);
    assert.deepEqual(await readdir(spoolDir), []);
  });

  it('a run killed (SIGKILL) while sending leaves nothing behind: the next run re-sends it, once', async () => {
    const spoolDir = await tempDir();
    await spoolBatches(spoolDir);
    receiver = await startNoveumReceiver();
    receiver.fail('hang');
    // The test says when to kill: once the receiver holds the request (the batch is in flight).
    const go = join(await tempDir(), 'kill-now');
    const running = runConsumer(
      'esm',
      `${initLine(receiver, spoolDir)}
       const { existsSync } = await import('node:fs');
       while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 5));
       console.log('SENDING');
       setInterval(() => {}, 1000);`,
      { signal: { after: 'SENDING', name: 'SIGKILL' } }
    );
    await receiver.waitFor(() => receiver!.all.length === 1);
    await writeFile(go, '');
    const killed = await running;
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    assert.ok(
      (await readdir(spoolDir)).some((n) => n.endsWith('.sending')),
      'the claim of the killed run is left'
    );
    assert.equal(receiver.accepted.length, 0);

    const next = await runConsumer('cjs', `${initLine(receiver, spoolDir)}\nnt.traceOperation('own', () => 1);`);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(acceptedSpanIds(receiver).length, TOTAL + 1);
    assert.deepEqual(await readdir(spoolDir), []);
  });

  it('a 400 during replay drops that batch and counts its spans; the others are delivered', async () => {
    const spoolDir = await tempDir();
    await spoolBatches(spoolDir);
    receiver = await startNoveumReceiver();
    receiver.fail({ status: 400 });
    const run = await runConsumer(
      'esm',
      `${initLine(receiver, spoolDir)}\nawait nt.shutdown();\nreport(nt.getDiagnostics().droppedSpans);`
    );
    assert.equal(run.code, 0, run.stderr);
    const delivered = acceptedSpanIds(receiver).length;
    assert.deepEqual(run.reports, [SPANS_PER_BATCH]);
    assert.equal(delivered + SPANS_PER_BATCH, TOTAL, 'every spooled span delivered or counted');
    assert.equal(run.stderr.match(/refused a spooled batch .*HTTP 400.*300 span\(s\) dropped/g)?.length, 1, run.stderr);
    assert.deepEqual(await readdir(spoolDir), []);
  });

  it('a 401 during replay keeps every spooled batch for a run with a valid key', async () => {
    const spoolDir = await tempDir();
    await spoolBatches(spoolDir);
    receiver = await startNoveumReceiver();
    receiver.fail({ status: 401 });
    const refused = await runConsumer(
      'esm',
      `${initLine(receiver, spoolDir)}\nawait nt.shutdown();\nreport(nt.getDiagnostics().droppedSpans);`
    );
    assert.equal(refused.code, 0, refused.stderr);
    assert.deepEqual(refused.reports, [0]);
    assert.match(refused.stderr, /HTTP 401 to a spooled batch; the spooled batches .* are kept/);
    assert.equal((await readdir(spoolDir)).filter((n) => n.endsWith('.batch.json')).length, BATCHES);

    const next = await runConsumer('cjs', initLine(receiver, spoolDir));
    assert.equal(next.code, 0, next.stderr);
    assert.equal(acceptedSpanIds(receiver).length, TOTAL);
  });
});
