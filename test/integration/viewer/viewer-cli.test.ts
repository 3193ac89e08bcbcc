/** `noveum-trace view` as a command: the URL first, loopback by default, clear errors for bad input. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startViewer, VIEWER_CLI } from './viewer-harness.js';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [VIEWER_CLI, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

describe('noveum-trace view (command line)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'noveum-viewer-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the URL alone on its first line, bound to 127.0.0.1 on a free port with --port 0', async () => {
    const viewer = await startViewer(dir);
    try {
      assert.match(viewer.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(`${viewer.url}api/traces`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { traceCount: number }).traceCount, 0);
    } finally {
      await viewer.stop();
    }
  });

  it('takes --host and --port=value forms', async () => {
    const viewer = await startViewer(dir, ['--host=localhost']);
    try {
      assert.match(viewer.url, /^http:\/\/localhost:\d+\/$/);
    } finally {
      await viewer.stop();
    }
  });

  it('explains a missing folder, a bad port and an unknown command, and prints help', () => {
    const missing = run('view', join(dir, 'nope'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no folder at .*nope/);
    const badPort = run('view', dir, '--port', 'abc');
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /--port must be 0-65535, got "abc"/);
    const unknown = run('serve');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "serve"/);
    const help = run('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: noveum-trace view \[dir\]/);
  });
});
