/**
 * A process that dies of an uncaught exception or an unhandled rejection: finished spans are
 * delivered, spans still open end with status error and the error, and the process dies exactly
 * as the same script does without the SDK (exit code and stderr, compared run against run).
 * An app with its own handlers keeps their behaviour.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runNodeFile, type ConsumerResult } from '../../helpers/consumer.js';
import { noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';

const TMP = join(resolve(import.meta.dirname, '..', '..'), '.tmp');

/** The same file runs with and without the SDK, so file names and line numbers in stderr match. */
function scenario(name: string, crash: string, appCode = ''): string {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `crash-${process.pid}-${name}.mjs`);
  writeFileSync(
    file,
    `import * as nt from 'noveum-trace';
const spool = process.env.SPOOL_DIR ? { spoolDir: process.env.SPOOL_DIR, exitTimeoutMs: 1000 } : {};
if (process.env.WITH_SDK === '1') nt.init({ apiKey: 'k-crash', endpoint: process.env.ENDPOINT, export: { flushIntervalMs: 60000, ...spool } });
${appCode}
for (let i = 0; i < 3; i++) nt.traceOperation('finished', () => nt.traceOperation('finished_child', () => i));
const open = nt.startSpan('open_root');
nt.startSpan('open_child', { parent: open });
setTimeout(() => {
  ${crash}
}, 10);
setTimeout(() => console.log('still alive'), 200);
`
  );
  return file;
}

async function runBoth(
  file: string,
  receiver: Receiver,
  extraEnv: Readonly<Record<string, string>> = {}
): Promise<{ withSdk: ConsumerResult; without: ConsumerResult }> {
  const env = { ENDPOINT: `${receiver.url}/api`, ...extraEnv };
  const [withSdk, without] = await Promise.all([
    runNodeFile(file, { env: { ...env, WITH_SDK: '1' }, timeoutMs: 20_000 }),
    runNodeFile(file, { env: { ...env, WITH_SDK: '0' }, timeoutMs: 20_000 }),
  ]);
  return { withSdk, without };
}

function assertSameDeath(withSdk: ConsumerResult, without: ConsumerResult): void {
  assert.equal(withSdk.code, without.code, withSdk.stderr);
  assert.equal(withSdk.signal, without.signal);
  assert.equal(withSdk.stderr, without.stderr);
  assert.equal(withSdk.stdout, without.stdout);
}

describe('a process that crashes', () => {
  let receiver: Receiver;
  const files: string[] = [];
  before(async () => {
    receiver = await startNoveumReceiver();
  });
  after(async () => {
    for (const f of files) rmSync(f, { force: true });
    await receiver.close();
  });

  const crashes = {
    'an uncaught exception': `throw new Error('boom at crash');`,
    'an unhandled rejection': `Promise.reject(new Error('boom at crash'));`,
    'an uncaught non-Error value': `throw 'boom at crash';`,
  };

  for (const [what, crash] of Object.entries(crashes)) {
    it(`delivers finished spans, ends open ones with the error, and dies as without the SDK (${what})`, async () => {
      const file = scenario(what.replace(/\W+/g, '-'), crash);
      files.push(file);
      const from = noveumSpans(receiver).length;
      const { withSdk, without } = await runBoth(file, receiver);
      assert.equal(without.code, 1, 'the baseline dies of the crash');
      assertSameDeath(withSdk, without);
      const spans = noveumSpans(receiver).slice(from);
      assert.equal(spans.filter((s) => s.name.startsWith('finished')).length, 6);
      const open = spans.filter((s) => s.name.startsWith('open_'));
      assert.deepEqual(open.map((s) => s.name).sort(), ['open_child', 'open_root']);
      for (const s of open) {
        assert.equal(s['status'], 'error');
        assert.match(String(s['status_message']), /boom at crash/);
        assert.match(JSON.stringify(s['exception']), /boom at crash/, 'the error is recorded on the span');
      }
    });
  }

  it('spools within the exit budget when the backend hangs at a crash, then dies as without the SDK', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noveum-crash-spool-'));
    try {
      const file = scenario('hung', crashes['an uncaught exception']);
      files.push(file);
      receiver.fail('hang');
      const { withSdk, without } = await runBoth(file, receiver, { SPOOL_DIR: dir });
      assert.equal(withSdk.code, without.code, withSdk.stderr);
      // Our one line comes first; then Node prints the error exactly as it does without us.
      const [ours, ...rest] = withSdk.stderr.split('\n');
      assert.match(ours!, /at an uncaught exception: 8 span\(s\) spooled/);
      assert.equal(rest.join('\n'), without.stderr);
      const files2 = (await readdir(dir)).filter((n) => n.endsWith('.batch.json'));
      assert.equal(files2.length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const handlers = {
    'uncaughtException handler': [
      `process.on('uncaughtException', (e) => console.log('app handled', String(e)));`,
      crashes['an uncaught exception'],
    ],
    'unhandledRejection handler': [
      `process.on('unhandledRejection', (e) => console.log('app handled', String(e)));`,
      crashes['an unhandled rejection'],
    ],
  } as const;

  for (const [what, [appCode, crash]] of Object.entries(handlers)) {
    it(`leaves an app's own ${what} in charge: the process lives on as without the SDK`, async () => {
      const file = scenario(what.replace(/\W+/g, '-'), crash, appCode);
      files.push(file);
      const from = noveumSpans(receiver).length;
      const { withSdk, without } = await runBoth(file, receiver);
      assert.equal(without.code, 0, without.stderr);
      assert.match(without.stdout, /app handled[\s\S]*still alive/);
      assertSameDeath(withSdk, without);
      // The app carried on: the spans it left open stay open (not ended by us), the rest left at exit.
      const names = noveumSpans(receiver)
        .slice(from)
        .map((s) => s.name);
      assert.equal(names.filter((n) => n.startsWith('finished')).length, 6);
      assert.deepEqual(
        names.filter((n) => n.startsWith('open_')),
        []
      );
    });
  }
});
