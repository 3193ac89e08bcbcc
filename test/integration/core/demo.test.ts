import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

describe('the demo', () => {
  const cwd = join(ROOT, 'test', '.tmp', `demo-${process.pid}`);
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('prints the workflow and batch trees against the fake OpenAI server and exits by itself', () => {
    mkdirSync(cwd, { recursive: true });
    const run = spawnSync(process.execPath, [join(ROOT, 'examples', 'demo', 'index.mjs')], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', NODE_OPTIONS: '' },
    });
    assert.equal(run.status, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /· complex_ai_workflow · 4 spans/);
    // The returned snapshot model comes from the auto-instrumented openai call enriching the traceLLM span.
    assert.match(out, /├─ llm\.query_enhancement .* ok {2}gpt-4o-mini-2024-07-18 \(openai\) {2}tokens \d+ in/);
    assert.match(out, /├─ vector_search .* ok/);
    assert.match(out, /└─ llm\.response_generation .* ok {2}gpt-4o-2024-08-06 \(openai\)/);
    // withSpan makes each query span active, so its auto-instrumented call is its child.
    assert.match(out, /· batch_query_processing · 6 spans/);
    assert.match(
      out,
      /├─ query_processing_0 .* ok .*\n│ {2}└─ chat gpt-4o-mini .* ok {2}gpt-4o-mini-2024-07-18 \(openai\)/
    );
    assert.match(out, /query_processing_1 .* error Error: empty query/);
    assert.ok(readdirSync(join(cwd, '.noveum')).length > 0, 'the file exporter wrote the traces too');
    assert.match(out, /see these traces in your browser: npx noveum-trace view \.noveum\n$/);
  });
});
