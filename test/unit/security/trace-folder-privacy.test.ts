/**
 * Trace files hold prompts and responses: their folder is readable by its owner
 * only, and `.noveum/` keeps itself out of git with a `.gitignore` of `*`.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileExporter } from '../../../src/export/file/file-exporter.js';
import { downUrl } from '../../fixtures/servers/noveum-receiver.js';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { makeTrace, RESOURCE } from '../export/trace-factory.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'noveum-folder-'));
  dirs.push(d);
  return d;
}

async function writeOneTrace(dir: string): Promise<void> {
  const exporter = new FileExporter({ dir, resource: RESOURCE });
  assert.deepEqual(await exporter.export([makeTrace()]), { code: 'success' });
  await exporter.shutdown();
}

describe('trace and spool folders', () => {
  it('creates .noveum/ readable by its owner only, with a .gitignore of * written on the first write', async () => {
    const dir = join(await tempDir(), 'app', '.noveum');
    await writeOneTrace(dir);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    const ignore = await readFile(join(dir, '.gitignore'), 'utf8');
    assert.ok(ignore.split('\n').includes('*'), ignore);
    assert.equal((await readdir(dir)).filter((n) => n.endsWith('.jsonl')).length, 1);
  });

  it('never overwrites an existing .gitignore', async () => {
    const dir = join(await tempDir(), '.noveum');
    await mkdir(dir);
    await writeFile(join(dir, '.gitignore'), 'mine\n');
    await writeOneTrace(dir);
    assert.equal(await readFile(join(dir, '.gitignore'), 'utf8'), 'mine\n');
  });

  it('leaves a folder the user already had alone (no .gitignore in, say, the project root)', async () => {
    const dir = await tempDir();
    await writeOneTrace(dir);
    assert.ok(!(await readdir(dir)).includes('.gitignore'));
  });

  it('creates the spool folder readable by its owner only; a fresh .noveum/spool keeps .noveum out of git', async () => {
    const root = await tempDir();
    const spoolDir = join(root, '.noveum', 'spool');
    const exporter = new NoveumExporter({
      apiKey: 'k',
      endpoint: `${await downUrl()}/api`,
      maxRetries: 0,
      spoolDir,
      resource: RESOURCE,
    });
    assert.deepEqual(await exporter.export([makeTrace()]), { code: 'success', spooled: true });
    await exporter.shutdown();
    assert.equal((await stat(spoolDir)).mode & 0o777, 0o700);
    assert.equal((await stat(join(root, '.noveum'))).mode & 0o777, 0o700);
    assert.ok((await readFile(join(root, '.noveum', '.gitignore'), 'utf8')).split('\n').includes('*'));
  });
});
