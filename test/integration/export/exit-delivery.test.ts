/**
 * Real consumer processes (ESM and CJS, against the built package): an app that
 * ends right after its last span, normally or by SIGTERM, still delivers every
 * span; a process whose backend is down spools, and the next process delivers.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';
import { downUrl, noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';

const produce = (endpoint: string, extra = '') => `
  nt.init({ apiKey: 'k-exit-test', endpoint: ${JSON.stringify(endpoint + '/api')}, export: { flushIntervalMs: 60000, retryBaseDelayMs: 10, maxRetries: 1${extra} } });
  const results = [];
  for (let i = 0; i < 20; i++) {
    results.push(await nt.traceOperation('job', async () => nt.traceOperation('inner', () => i)));
  }
  report(results.reduce((a, b) => a + b, 0));
`;

describe('delivery at exit', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startNoveumReceiver();
  });
  after(() => receiver.close());

  for (const format of FORMATS) {
    it(`delivers every span when a ${format} app ends normally right after its last span`, async () => {
      const before = noveumSpans(receiver).length;
      const run = await runConsumer(format, produce(receiver.url));
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports, [190]);
      assert.equal(noveumSpans(receiver).length - before, 40);
    });

    it(`delivers every span on SIGTERM and still exits by the signal (${format})`, async () => {
      const before = noveumSpans(receiver).length;
      const body = `${produce(receiver.url)}\nconsole.log('DONE');\nsetTimeout(() => {}, 60000);`;
      const run = await runConsumer(format, body, { signal: { after: 'DONE', name: 'SIGTERM' } });
      assert.equal(run.signal, 'SIGTERM', `exit code ${run.code}; ${run.stderr}`);
      assert.equal(noveumSpans(receiver).length - before, 40);
    });
  }

  it('lets an app with its own SIGTERM handler decide how to exit', async () => {
    const before = noveumSpans(receiver).length;
    const body = `process.on('SIGTERM', async () => { await nt.flush(); process.exit(7); });
      ${produce(receiver.url)}\nconsole.log('DONE');\nsetTimeout(() => {}, 60000);`;
    const run = await runConsumer('esm', body, { signal: { after: 'DONE', name: 'SIGTERM' } });
    assert.equal(run.code, 7, run.stderr);
    assert.equal(noveumSpans(receiver).length - before, 40);
  });

  it('spools while the backend is down for the whole run, and the next process delivers it', async () => {
    const spoolDir = await mkdtemp(join(tmpdir(), 'noveum-exit-spool-'));
    try {
      const first = await runConsumer('esm', produce(await downUrl(), `, spoolDir: ${JSON.stringify(spoolDir)}`));
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(first.reports, [190]);
      const before = noveumSpans(receiver).length;
      const second = await runConsumer(
        'cjs',
        `nt.init({ apiKey: 'k-exit-test', endpoint: ${JSON.stringify(receiver.url + '/api')}, export: { spoolDir: ${JSON.stringify(spoolDir)} } });
         await nt.shutdown();`
      );
      assert.equal(second.code, 0, second.stderr);
      assert.equal(noveumSpans(receiver).length - before, 40);
    } finally {
      await rm(spoolDir, { recursive: true, force: true });
    }
  });

  for (const format of FORMATS) {
    it(`writes every trace to the local files when a ${format} app calls process.exit() or crashes`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'noveum-exit-files-'));
      try {
        const run = (ending: string) =>
          runConsumer(
            format,
            `nt.init({ project: 'exit-files', export: { flushIntervalMs: 60000 } });
             for (let i = 0; i < 5; i++) await nt.traceOperation('job', async () => nt.traceOperation('inner', () => i));
             nt.traceOperation('last', () => 1);
             ${ending}`,
            { cwd: dir }
          );
        const exited = await run('process.exit(3);');
        assert.equal(exited.code, 3, exited.stderr);
        const crashed = await run("setTimeout(() => { throw new Error('boom at the end'); }, 1);");
        assert.equal(crashed.code, 1);
        assert.match(crashed.stderr, /boom at the end/);
        for (const r of [exited, crashed]) assert.doesNotMatch(r.stderr, /lost/, 'no trace lost at exit');
        const files = (await readdir(join(dir, '.noveum'))).filter((f) => f.endsWith('.jsonl'));
        const lines = (await Promise.all(files.map((f) => readFile(join(dir, '.noveum', f), 'utf8'))))
          .join('')
          .split('\n')
          .filter((l) => l !== '');
        const names = lines.map((l) =>
          (JSON.parse(l) as { spans: { name: string }[] }).spans.map((x) => x.name).sort()
        );
        assert.equal(lines.length, 12, 'six traces per run, each one line');
        assert.equal(names.filter((n) => n.join() === 'inner,job').length, 10);
        assert.equal(names.filter((n) => n.join() === 'last').length, 2);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
