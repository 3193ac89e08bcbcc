/**
 * The spool re-sends only regular files it wrote itself: a symbolic link, a hard
 * link, another user's file, a folder or a forged file named `*.batch.json` is
 * never read into a request (which carries the API key), and never stops the
 * drain of the genuine batches next to it.
 */
import assert from 'node:assert/strict';
import { chown, link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { Spool } from '../../../src/export/spool.js';
import { noveumTraces, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';

const SECRET = 'TOP-SECRET-4f1c9e';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await shutdown(5_000);
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A body the exporter would accept: a forged file that looks exactly like a real batch. */
const batchBody = (traceId: string): string =>
  JSON.stringify({ traces: [{ trace_id: traceId, name: traceId, spans: [] }], timestamp: 1 });

async function setup(): Promise<{ dir: string; spoolDir: string; receiver: Receiver; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'noveum-spool-trust-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const receiver = await startNoveumReceiver();
  cleanups.push(() => receiver.close());
  const lines: string[] = [];
  cleanups.push(setDiagSink((l) => lines.push(l)));
  const spoolDir = join(dir, 'spool');
  await mkdir(spoolDir, { mode: 0o700 });
  // The genuine batch comes last in drain order, so every untrusted entry is met first.
  await writeFile(join(spoolDir, `9000000000000-1-1-n0.batch.json`), batchBody('genuine'), { mode: 0o600 });
  return { dir, spoolDir, receiver, lines };
}

/** A process starts with the spool folder and finishes (which waits for the replay). */
async function replay(receiver: Receiver, spoolDir: string): Promise<void> {
  init({
    apiKey: 'k-spool-trust',
    endpoint: `${receiver.url}/api`,
    export: { spoolDir, flushOnExit: false, retryBaseDelayMs: 1 },
  });
  await shutdown(10_000);
}

function assertOnlyGenuineSent(receiver: Receiver): void {
  for (const req of receiver.all) assert.ok(!req.text.includes(SECRET), 'a request carried the secret');
  assert.deepEqual(
    noveumTraces(receiver).map((t) => t.trace_id),
    ['genuine']
  );
}

describe('the spool reads only files it wrote', () => {
  it('never follows a symbolic link named *.batch.json, and the drain goes on', async () => {
    const { dir, spoolDir, receiver, lines } = await setup();
    const secretFile = join(dir, 'credentials.json');
    await writeFile(secretFile, batchBody(SECRET));
    await symlink(secretFile, join(spoolDir, '1000000000000-1-1-n1.batch.json'));
    await replay(receiver, spoolDir);
    assertOnlyGenuineSent(receiver);
    assert.equal(await readFile(secretFile, 'utf8'), batchBody(SECRET), 'the link target is untouched');
    assert.equal(lines.filter((l) => l.includes('symbolic link')).length, 1, lines.join('\n'));
  });

  it('never sends a hard link to another file', async () => {
    const { dir, spoolDir, receiver } = await setup();
    const secretFile = join(dir, 'credentials.json');
    await writeFile(secretFile, batchBody(SECRET));
    await link(secretFile, join(spoolDir, '1000000000000-1-1-n1.batch.json'));
    await replay(receiver, spoolDir);
    assertOnlyGenuineSent(receiver);
  });

  it('skips a folder named *.batch.json without stopping the drain', async () => {
    const { spoolDir, receiver, lines } = await setup();
    await mkdir(join(spoolDir, '1000000000000-1-1-n1.batch.json'));
    await replay(receiver, spoolDir);
    assertOnlyGenuineSent(receiver);
    assert.ok((await readdir(spoolDir)).includes('1000000000000-1-1-n1.batch.json'), 'the folder is left alone');
    assert.ok(lines.some((l) => l.includes('not a regular file')));
  });

  it('never sends a forged file that is not a request body of the exporter, and sets it aside', async () => {
    const { spoolDir, receiver, lines } = await setup();
    await writeFile(join(spoolDir, '1000000000000-1-1-n1.batch.json'), `user=admin\npassword=${SECRET}\n`);
    await writeFile(join(spoolDir, '1000000000001-1-1-n1.batch.json'), `{"resourceSpans":[],"x":"${SECRET}"}`);
    await replay(receiver, spoolDir);
    assertOnlyGenuineSent(receiver);
    const left = (await readdir(spoolDir)).sort();
    assert.deepEqual(left, ['1000000000000-1-1-n1.batch.json.rejected', '1000000000001-1-1-n1.batch.json.rejected']);
    assert.equal(lines.filter((l) => l.includes('not a request body')).length, 1, 'warned once per cause');
  });

  it(
    'never sends a file owned by another user',
    { skip: process.getuid?.() !== 0 && 'needs root to give a file away' },
    async () => {
      const { spoolDir, receiver } = await setup();
      const forged = join(spoolDir, '1000000000000-1-1-n1.batch.json');
      await writeFile(forged, batchBody(SECRET));
      await chown(forged, 65534, 65534);
      await replay(receiver, spoolDir);
      assertOnlyGenuineSent(receiver);
    }
  );

  it('an OTLP spool never sends a Noveum body, and the other way round', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noveum-spool-shape-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const noveum = new Spool(dir, 1024 * 1024, 'traces');
    await noveum.write([Buffer.from(batchBody('n'))], 1);
    const otlp = new Spool(dir, 1024 * 1024, 'resourceSpans');
    let sent = 0;
    await otlp.drain(async () => (sent++, 'sent'));
    assert.equal(sent, 0);
  });
});
