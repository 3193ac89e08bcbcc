import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Spool } from '../../../src/export/spool.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'noveum-spool-unit-'));
  dirs.push(d);
  return d;
}

const chunks = (text: string): Buffer[] => [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))];

describe('Spool', () => {
  it('writes a chunked body as one private file and re-sends the same bytes, oldest first', async () => {
    const dir = await tempDir();
    const spool = new Spool(dir, 1024 * 1024);
    assert.equal(await spool.write(chunks('{"traces":["first ✓"]}')), true);
    assert.equal(await spool.write(chunks('{"traces":["second"]}')), true);
    const [name] = await spool.list();
    assert.equal((await stat(join(dir, name!))).mode & 0o777, 0o600);
    const sent: string[] = [];
    const delivered = await spool.drain(async (body) => {
      sent.push(Buffer.concat(body).toString('utf8'));
      return true;
    });
    assert.equal(delivered, 2);
    assert.deepEqual(sent, ['{"traces":["first ✓"]}', '{"traces":["second"]}']);
    assert.deepEqual(await readdir(dir), []);
  });

  it('keeps the batch and stops at the first one the backend does not take', async () => {
    const dir = await tempDir();
    const spool = new Spool(dir, 1024 * 1024);
    await spool.write(chunks('{"batch":1}'));
    await spool.write(chunks('{"batch":2}'));
    let calls = 0;
    assert.equal(
      await spool.drain(async () => {
        calls++;
        return false;
      }),
      0
    );
    assert.equal(calls, 1);
    assert.equal((await spool.list()).length, 2);
  });

  it('refuses a batch that would pass maxSpoolBytes, so the caller counts it as lost', async () => {
    const spool = new Spool(await tempDir(), 30);
    assert.equal(await spool.write(chunks('{"a":"0123456789"}')), true);
    assert.equal(await spool.write(chunks('{"b":"0123456789"}')), false);
    assert.equal((await spool.list()).length, 1);
  });
});
