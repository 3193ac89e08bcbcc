/**
 * End to end through init(): spans produced by the public API reach a real
 * receiver on 127.0.0.1 in the Noveum wire format, through scripted faults.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import type { InitOptions } from '../../../src/api/options.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import {
  downUrl,
  noveumSpans,
  noveumTraces,
  startNoveumReceiver,
  type Receiver,
} from '../../fixtures/servers/noveum-receiver.js';

const KEY = 'nv-test-key-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await shutdown(5_000);
  for (const c of cleanups.splice(0)) await c();
});

function captureDiag(): string[] {
  const lines: string[] = [];
  cleanups.push(setDiagSink((l) => lines.push(l)));
  return lines;
}

async function receiver(): Promise<Receiver> {
  const r = await startNoveumReceiver();
  cleanups.push(() => r.close());
  return r;
}

function start(endpoint: string, extra: InitOptions['export'] = {}): void {
  init({
    apiKey: KEY,
    endpoint: `${endpoint}/api`,
    project: 'wire-test',
    environment: 'ci',
    serviceVersion: '9.9.9',
    export: { flushIntervalMs: 20, retryBaseDelayMs: 10, timeoutMs: 1_000, flushOnExit: false, ...extra },
  });
}

/** Produces `n` traces of 3 spans each; returns the app's own results. */
async function produce(n: number): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < n; i++) {
    results.push(
      await traceOperation(`job-${i}`, async () => {
        traceOperation('step-a', () => 1);
        await traceOperation('step-b', async () => 2);
        return i * 10;
      })
    );
  }
  return results;
}

const expected = (n: number): number[] => Array.from({ length: n }, (_, i) => i * 10);

describe('Noveum delivery', () => {
  it('posts complete traces to {endpoint}/v1/traces with Bearer auth, User-Agent and the Python SDK field names', async () => {
    const r = await receiver();
    start(r.url);
    assert.deepEqual(await produce(2), expected(2));
    await shutdown(5_000);
    const req = r.accepted[0]!;
    assert.equal(req.path, '/api/v1/traces');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.match(String(req.headers['user-agent']), /^noveum-trace-ts\/\d+\.\d+\.\d+/);
    const body = req.json as { traces: Record<string, unknown>[]; timestamp: number };
    assert.equal(typeof body.timestamp, 'number');
    const trace = noveumTraces(r)[0]!;
    for (const k of [
      'trace_id',
      'name',
      'start_time',
      'end_time',
      'duration_ms',
      'status',
      'status_message',
      'span_count',
      'error_count',
      'attributes',
      'metadata',
      'spans',
      'events',
      'sdk',
      'project',
      'environment',
      'service_version',
    ])
      assert.ok(k in trace, `trace field ${k}`);
    assert.equal(trace['project'], 'wire-test');
    assert.equal(trace['service_version'], '9.9.9');
    assert.equal(trace['span_count'], 3);
    assert.match(String(trace['start_time']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const root = trace.spans.find((s) => s.parent_span_id === null)!;
    assert.equal(root.name, 'job-0');
    for (const k of [
      'span_id',
      'trace_id',
      'parent_span_id',
      'name',
      'start_time',
      'end_time',
      'duration_ms',
      'status',
      'status_message',
      'attributes',
      'events',
      'links',
    ])
      assert.ok(k in root, `span field ${k}`);
    assert.equal(noveumSpans(r).length, 6);
  });

  it('gzips large bodies and the receiver decodes every span', async () => {
    const r = await receiver();
    start(r.url, { compressAboveBytes: 1024 });
    const blob = 'x'.repeat(30_000);
    traceOperation('big', (span) => void span.setAttribute('custom.blob', blob));
    await shutdown(5_000);
    assert.equal(r.accepted[0]!.headers['content-encoding'], 'gzip');
    assert.ok(r.accepted[0]!.rawBody.length < 10_000);
    assert.ok(noveumSpans(r)[0]!.attributes['custom.blob'] === blob, 'attribute arrived intact');
  });

  it('sends a large body to a loopback endpoint uncompressed by default', async () => {
    const r = await receiver();
    start(r.url);
    const blob = 'x'.repeat(30_000);
    traceOperation('big', (span) => void span.setAttribute('custom.blob', blob));
    await shutdown(5_000);
    assert.equal(r.accepted[0]!.headers['content-encoding'], undefined);
    assert.ok(noveumSpans(r)[0]!.attributes['custom.blob'] === blob, 'attribute arrived intact');
  });

  it('retries after 500s and delivers every span once the receiver recovers', async () => {
    const r = await receiver();
    r.fail({ status: 500 }, { status: 503 });
    start(r.url);
    assert.deepEqual(await produce(5), expected(5));
    await shutdown(10_000);
    assert.equal(noveumSpans(r).length, 15);
    assert.equal(new Set(noveumSpans(r).map((s) => s.span_id)).size, 15);
  });

  it('waits for Retry-After on 429 and then delivers', async () => {
    const r = await receiver();
    r.fail({ status: 429, retryAfter: '1' });
    start(r.url, { retryBaseDelayMs: 1 });
    assert.deepEqual(await produce(3), expected(3));
    await shutdown(10_000);
    assert.equal(noveumSpans(r).length, 9);
    const [first, second] = r.all;
    assert.equal(r.all.length, 2, 'one 429, then one accepted retry');
    // A lower bound only: the retry may come late on a slow machine, never early.
    assert.ok(second!.startedAt - first!.startedAt >= 950, 'the retry waited for Retry-After: 1');
  });

  it('times out a hanging request and delivers on retry', async () => {
    const r = await receiver();
    r.fail('hang');
    start(r.url, { timeoutMs: 300 });
    assert.deepEqual(await produce(3), expected(3));
    await shutdown(10_000);
    assert.equal(noveumSpans(r).length, 9);
  });

  it('retries a reset connection and delivers', async () => {
    const r = await receiver();
    r.fail('reset', 'reset');
    start(r.url);
    assert.deepEqual(await produce(4), expected(4));
    await shutdown(10_000);
    assert.equal(noveumSpans(r).length, 12);
  });

  it('does not retry a 401 and reports it once, clearly', async () => {
    const lines = captureDiag();
    const r = await receiver();
    r.fail({ status: 401 }, { status: 401 }, { status: 401 });
    start(r.url, { batchSize: 1 });
    await produce(2);
    await shutdown(5_000);
    assert.equal(r.all.length, 2, 'one request per batch, no retries');
    assert.equal(lines.filter((l) => l.includes('401 Unauthorized')).length, 1);
  });

  for (const [status, words] of [
    [400, '400 Bad Request'],
    [403, '403 Forbidden'],
  ] as const) {
    it(`does not retry a ${status} and reports it once, naming the status`, async () => {
      const lines = captureDiag();
      const r = await receiver();
      r.fail({ status }, { status }, { status });
      start(r.url, { batchSize: 1 });
      assert.deepEqual(await produce(3), expected(3));
      await shutdown(5_000);
      assert.equal(r.all.length, 3, 'one request per batch, no retries');
      assert.equal(lines.filter((l) => l.includes(words)).length, 1);
    });
  }

  it('spools batches while the backend is down and a later client re-sends them', async () => {
    const spoolDir = await mkdtemp(join(tmpdir(), 'noveum-spool-'));
    cleanups.push(() => rm(spoolDir, { recursive: true, force: true }));
    start(await downUrl(), { spoolDir, maxRetries: 1 });
    assert.deepEqual(await produce(4), expected(4));
    await shutdown(10_000);
    assert.ok((await readdir(spoolDir)).length > 0, 'batches spooled');
    const r = await receiver();
    start(r.url, { spoolDir });
    await shutdown(10_000);
    assert.equal(noveumSpans(r).length, 12);
    assert.deepEqual(
      (await readdir(spoolDir)).filter((n) => n.endsWith('.json')),
      []
    );
  });
});
