/**
 * The API key goes in the Authorization header and nowhere else: not in any
 * payload, spool or trace file, nor in any diagnostic line, even at debug level
 * and on the error paths (401, unreachable backend, a user who logs the key).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { diag, setDiagSink } from '../../../src/diag/diag.js';
import { downUrl, startNoveumReceiver } from '../../fixtures/servers/noveum-receiver.js';

const KEY = 'nvk_live_S3cr3tK3yThatMustNeverLeak_42';

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
      const run = async (endpoint: string, extra: object): Promise<void> => {
        init({
          apiKey: KEY,
          debug: 'verbose',
          endpoint: `${endpoint}/api`,
          exporter: ['noveum', 'file'],
          file: { dir: join(dir, 'files') },
          export: { flushIntervalMs: 5, retryBaseDelayMs: 1, maxRetries: 1, flushOnExit: false, ...extra },
        });
        await traceOperation('uses-key', async (span) => {
          span.setAttribute('note', 'calling the API');
          diag.debug(`the user logs Authorization: Bearer ${KEY}`);
        });
        await shutdown(5_000);
      };
      await run(receiver.url, {});
      receiver.fail({ status: 401 });
      await run(receiver.url, {});
      await run(await downUrl(), { spoolDir: join(dir, 'spool') });

      assert.ok(receiver.all.length >= 2 && lines.length > 0, 'something was captured');
      for (const req of receiver.all) {
        assert.equal(req.headers.authorization, `Bearer ${KEY}`);
        assert.ok(!req.rawBody.includes(KEY) && !req.text.includes(KEY), 'payload');
        const others = Object.entries(req.headers).filter(([k]) => k !== 'authorization');
        assert.ok(!JSON.stringify(others).includes(KEY), 'other headers');
      }
      const files = await filesUnder(dir);
      assert.ok(files.length >= 2, 'trace and spool files written');
      for (const f of files) assert.ok(!f.includes(KEY), 'file content');
      for (const l of lines) assert.ok(!l.includes(KEY), `diag line: ${l.slice(0, 200)}`);
    } finally {
      restore();
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
