/**
 * The API key goes in the Authorization header and nowhere else: not in any
 * payload, spool or trace file, nor in any diagnostic line, even at debug level
 * and on the error paths (401, unreachable backend, a user who logs the key),
 * even when the user puts it in a span name, attribute, event, status or exception,
 * with redaction off or with a mask function that would keep it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { diag, registerSecret, setDiagSink } from '../../../src/diag/diag.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';
import type { RedactionOptions } from '../../../src/redact/types.js';
import { downUrl, startNoveumReceiver } from '../../fixtures/servers/noveum-receiver.js';

const KEY = 'nvk_live_S3cr3tK3yThatMustNeverLeak_42';
// Any part this long would be a leak, whole key or a cut prefix of it.
const PART = KEY.slice(9, 18);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'latin1'));
  }
  return out;
}

describe('the API key', () => {
  it('never appears in payloads, files or diagnostic lines, only in the Authorization header', async () => {
    const lines: string[] = [];
    const restore = setDiagSink((l) => lines.push(l));
    const dir = await mkdtemp(join(tmpdir(), 'noveum-key-'));
    const receiver = await startNoveumReceiver();
    try {
      let redaction: RedactionOptions = {};
      const run = async (endpoint: string, extra: object): Promise<void> => {
        init({
          redaction,
          apiKey: KEY,
          debug: 'verbose',
          endpoint: `${endpoint}/api`,
          exporter: ['noveum', 'file'],
          file: { dir: join(dir, 'files') },
          // Cuts 'long' inside the key; the redaction settings do not matter for the key.
          maxAttributeLength: 75,
          export: { flushIntervalMs: 5, retryBaseDelayMs: 1, maxRetries: 1, flushOnExit: false, ...extra },
        });
        await traceOperation('uses-key', async (span) => {
          span.setAttribute('note', 'calling the API');
          diag.debug(`the user logs Authorization: Bearer ${KEY}`);
        });
        // A user who puts the key in their own data: every text field, and one cut across the key.
        await traceOperation(`named ${KEY}`, async (span) => {
          span.setAttributes({ note: `key=${KEY}`, config: { apiKey: KEY }, list: ['a', KEY] });
          span.setAttribute('long', 'x'.repeat(50) + KEY + ' and more');
          span.addEvent(`event ${KEY}`, { detail: `Bearer ${KEY}` });
          span.recordException(new Error(`request failed for ${KEY}`));
          span.setStatus('error', `bad key ${KEY}`);
        });
        await shutdown(5_000);
      };
      await run(receiver.url, {});
      redaction = { redactPii: true, mask: (m: string) => m };
      receiver.fail({ status: 401 });
      await run(receiver.url, {});
      await run(await downUrl(), { spoolDir: join(dir, 'spool') });

      assert.ok(receiver.all.length >= 2 && lines.length > 0, 'something was captured');
      for (const req of receiver.all) {
        assert.equal(req.headers.authorization, `Bearer ${KEY}`);
        assert.ok(!req.rawBody.includes(PART) && !req.text.includes(PART), 'payload');
        assert.ok(req.text.includes('[REDACTED:apiKey]'), 'the traces were sent, with the key masked');
        const others = Object.entries(req.headers).filter(([k]) => k !== 'authorization');
        assert.ok(!JSON.stringify(others).includes(KEY), 'other headers');
      }
      const files = await filesUnder(dir);
      assert.ok(files.length >= 2, 'trace and spool files written');
      assert.ok(
        files.some((f) => f.includes('[REDACTED:apiKey]')),
        'traces were written, with the key masked'
      );
      for (const f of files) assert.ok(!f.includes(PART), 'file content');
      for (const l of lines) assert.ok(!l.includes(PART), `diag line: ${l.slice(0, 200)}`);
    } finally {
      restore();
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is masked in a diagnostic line that quotes only its start', () => {
    const lines: string[] = [];
    const restore = setDiagSink((l) => lines.push(l));
    try {
      registerSecret(KEY);
      diag.warn(`option "x" got "${KEY.slice(0, 20)}…"; ignored`);
    } finally {
      restore();
    }
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes(KEY.slice(0, 12)), lines[0]);
  });

  it('masks the credential values of otlp.headers in exported spans too', async () => {
    const exporter = new InMemoryExporter();
    init({
      exporter,
      otlp: { headers: { 'x-api-key': 'otlp-S3cr3t-value', Authorization: 'Bearer otlp-T0ken-value' } },
    });
    await traceOperation('op', async (span) => {
      span.setAttribute('debug', 'headers x-api-key=otlp-S3cr3t-value and otlp-T0ken-value');
    });
    await shutdown();
    const text = JSON.stringify(exporter.getFinishedSpans());
    assert.ok(!text.includes('S3cr3t') && !text.includes('T0ken'), text);
    assert.ok(text.includes('[REDACTED:apiKey]'));
  });
});
