import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spanCountOf, spoolFileName, STALE_CLAIM_MS } from '../../../src/export/spool-file.js';
import { Spool, type ReplayVerdict, type SpooledBatch } from '../../../src/export/spool.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'noveum-spool-unit-'));
  dirs.push(d);
  return d;
}

const body = (label: string): string => `{"traces":[${JSON.stringify(label)}],"timestamp":1}`;
const chunks = (text: string): Buffer[] => [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))];

/** Drains with a sender that records each body and answers `verdict`. */
async function drainAll(
  spool: Spool,
  verdict: (b: SpooledBatch) => ReplayVerdict | Promise<ReplayVerdict> = () => 'sent'
) {
  const sent: string[] = [];
  const result = await spool.drain(async (b) => {
    sent.push(b.body.toString('utf8'));
    return verdict(b);
  });
  return { sent, result };
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return child.pid!;
}

describe('Spool', () => {
  it('writes a chunked body as one private file in a private folder and re-sends the same bytes, oldest first', async () => {
    const dir = join(await tempDir(), 'nested', 'spool');
    const spool = new Spool(dir, 1024 * 1024, 'traces');
    assert.equal(await spool.write(chunks(body('first ✓')), 3), true);
    assert.equal(await spool.write(chunks(body('second')), 2), true);
    const [name] = await spool.list();
    assert.equal((await stat(join(dir, name!))).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    const { sent, result } = await drainAll(spool);
    assert.deepEqual(result, { sent: 2, dropped: 0 });
    assert.deepEqual(sent, [body('first ✓'), body('second')]);
    assert.deepEqual(await readdir(dir), []);
  });

  it('records the span count in the file name and hands it to the sender', async () => {
    const spool = new Spool(await tempDir(), 1024 * 1024, 'traces');
    await spool.write(chunks(body('a')), 300);
    assert.equal(spanCountOf((await spool.list())[0]!), 300);
    assert.equal(spanCountOf(spoolFileName(7)), 7);
    assert.equal(spanCountOf('1700000000000-42-1.batch.json'), undefined, 'a name from before the count');
    const counts: (number | undefined)[] = [];
    await drainAll(spool, (b) => (counts.push(b.spans), 'sent'));
    assert.deepEqual(counts, [300]);
  });

  it('keeps the batch and stops at the first one the backend does not take', async () => {
    const spool = new Spool(await tempDir(), 1024 * 1024, 'traces');
    await spool.write(chunks(body('1')), 1);
    await spool.write(chunks(body('2')), 1);
    const { sent, result } = await drainAll(spool, () => 'keep');
    assert.deepEqual(result, { sent: 0, dropped: 0 });
    assert.equal(sent.length, 1);
    assert.equal((await spool.list()).length, 2);
  });

  it('deletes a batch the backend refused for good and reports it as dropped, then goes on', async () => {
    const spool = new Spool(await tempDir(), 1024 * 1024, 'traces');
    for (const label of ['1', '2', '3']) await spool.write(chunks(body(label)), 1);
    const { sent, result } = await drainAll(spool, (b) => (b.body.includes('"2"') ? 'dropped' : 'sent'));
    assert.deepEqual(result, { sent: 2, dropped: 1 });
    assert.equal(sent.length, 3);
    assert.deepEqual(await spool.list(), []);
  });

  it('keeps draining batches spooled while the drain runs', async () => {
    const spool = new Spool(await tempDir(), 1024 * 1024, 'traces');
    await spool.write(chunks(body('0')), 1);
    let written = 0;
    const { sent } = await drainAll(spool, async (): Promise<ReplayVerdict> => {
      if (written < 3) await spool.write(chunks(body(`late-${++written}`)), 1);
      return 'sent';
    });
    assert.deepEqual(sent, [body('0'), body('late-1'), body('late-2'), body('late-3')]);
  });

  it('ends the drain once stop() says so, leaving the rest spooled', async () => {
    const spool = new Spool(await tempDir(), 1024 * 1024, 'traces');
    for (const label of ['1', '2', '3']) await spool.write(chunks(body(label)), 1);
    let calls = 0;
    const result = await spool.drain(
      async () => (calls++, 'sent'),
      () => calls >= 1
    );
    assert.deepEqual(result, { sent: 1, dropped: 0 });
    assert.equal((await spool.list()).length, 2);
  });

  it('refuses a batch that would pass maxSpoolBytes, so the caller counts it as lost', async () => {
    const spool = new Spool(await tempDir(), 60, 'traces');
    assert.equal(await spool.write(chunks(body('0123456789')), 1), true);
    assert.equal(await spool.write(chunks(body('0123456789')), 1), false);
    assert.equal((await spool.list()).length, 1);
  });
});

describe('Spool claims left by a process that did not finish sending', () => {
  /** Spools one batch, then renames it as `claim(name)` would have left it. */
  async function claimed(claim: (name: string) => string): Promise<Spool> {
    const dir = await tempDir();
    const spool = new Spool(dir, 1024 * 1024, 'traces');
    await spool.write(chunks(body('claimed')), 4);
    const [name] = await spool.list();
    await rename(join(dir, name!), join(dir, claim(name!)));
    return spool;
  }

  it('re-sends a batch claimed by a process that has died', async () => {
    const pid = deadPid();
    const spool = await claimed((n) => `${n}.${pid}-${Date.now()}.sending`);
    const { sent } = await drainAll(spool);
    assert.deepEqual(sent, [body('claimed')]);
    assert.deepEqual(await readdir(spool.dir), []);
  });

  it('re-sends a claim in the older name format (<name>.<pid>.sending)', async () => {
    const pid = deadPid();
    const spool = await claimed((n) => `${n}.${pid}.sending`);
    assert.deepEqual((await drainAll(spool)).sent, [body('claimed')]);
  });

  it('re-sends a claim carrying this process id that this process does not hold (pid reuse)', async () => {
    const spool = await claimed((n) => `${n}.${process.pid}-${Date.now()}.sending`);
    assert.deepEqual((await drainAll(spool)).sent, [body('claimed')]);
  });

  it('leaves a fresh claim of a live process alone, and takes back one older than the bound', async () => {
    const fresh = await claimed((n) => `${n}.${process.ppid}-${Date.now()}.sending`);
    assert.deepEqual((await drainAll(fresh)).sent, []);
    assert.equal((await readdir(fresh.dir)).length, 1);
    const old = await claimed((n) => `${n}.${process.ppid}-${Date.now() - STALE_CLAIM_MS - 1000}.sending`);
    assert.deepEqual((await drainAll(old)).sent, [body('claimed')]);
  });

  it('sends a reclaimed batch once when two spools on one folder drain together', async () => {
    const pid = deadPid();
    const spool = await claimed((n) => `${n}.${pid}-${Date.now()}.sending`);
    await writeFile(join(spool.dir, 'unrelated.txt'), 'not a batch');
    const twin = new Spool(spool.dir, 1024 * 1024, 'traces');
    const [a, b] = await Promise.all([drainAll(spool), drainAll(twin)]);
    assert.deepEqual([...a.sent, ...b.sent], [body('claimed')]);
  });
});
