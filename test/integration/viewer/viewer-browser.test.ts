/**
 * The viewer in a real headless Chromium, over traces written by the SDK's file exporter:
 * list, search, filter, a trace page, an LLM span's conversation, markup in prompts shown as
 * text, a bad line counted, a trace added while the viewer runs, and the server's refusals.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  CACHED_TOKENS,
  QUOTED_PROMPT,
  SYSTEM_PROMPT,
  writeTraces,
  XSS_IMG,
  XSS_SCRIPT,
} from '../../fixtures/viewer/write-traces.js';
import { launchChromium, rawGet, startViewer, type RunningViewer } from './viewer-harness.js';

describe('noveum-trace view, in Chromium', () => {
  let dir: string;
  let viewer: RunningViewer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'noveum-viewer-'));
    await writeTraces(dir);
    const first = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()[0]!;
    appendFileSync(join(dir, first), 'this line is not JSON {\n');
    [viewer, browser] = await Promise.all([startViewer(dir), launchChromium()]);
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  after(async () => {
    await browser?.close();
    await viewer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rowNames = (): Promise<string[]> => page.locator('a.trace-row .c-name').allTextContents();
  /** Waits until the list shows exactly `names`, in order (the list updates asynchronously). */
  const waitForRows = (names: readonly string[]): Promise<unknown> =>
    page.waitForFunction(
      (want) =>
        JSON.stringify(
          [...(globalThis as any).document.querySelectorAll('a.trace-row .c-name')].map((e: any) => e.textContent)
        ) === want,
      JSON.stringify(names)
    );

  it('lists every trace newest first, each row a link to its trace, and counts the bad line', async () => {
    await page.goto(viewer.url);
    await page.waitForSelector('a.trace-row');
    assert.deepEqual(await rowNames(), ['failing_job', 'nightly_summary', 'support_chat']);
    for (const href of await page.locator('a.trace-row').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href ?? '', /^\/trace\/[0-9a-f]{32}$/);
    }
    assert.equal(await page.locator('#list-info').getAttribute('data-invalid'), '1');
    assert.match((await page.locator('#list-info').textContent()) ?? '', /1 invalid lines skipped/);
  });

  it('searches by name and filters by status', async () => {
    await page.fill('#search', 'nightly');
    await waitForRows(['nightly_summary']);
    await page.fill('#search', '');
    await waitForRows(['failing_job', 'nightly_summary', 'support_chat']);
    await page.selectOption('#status-filter', 'error');
    await waitForRows(['failing_job']);
    await page.selectOption('#status-filter', '');
    await waitForRows(['failing_job', 'nightly_summary', 'support_chat']);
    await page.selectOption('#model-filter', 'gpt-4o');
    await waitForRows(['nightly_summary']);
    await page.selectOption('#model-filter', '');
    await waitForRows(['failing_job', 'nightly_summary', 'support_chat']);
  });

  it('searches the full text of prompts and responses, with quotes and non-ASCII, and says when it is done', async () => {
    const search = async (q: string, names: readonly string[]): Promise<void> => {
      await page.fill('#search', q);
      await waitForRows(names);
      // Done for this query: the info line says which search it answers, and the box is debounced.
      await page.waitForFunction((query) => {
        const info = (globalThis as any).document.querySelector('#list-info');
        return info?.dataset.search === 'done' && info.dataset.query === query;
      }, q);
      assert.match((await page.locator('#list-info').textContent()) ?? '', /full text searched/);
      assert.deepEqual(await rowNames(), names); // the finished scan found nothing more
    };
    await search('REFUNDS work', ['support_chat']); // in a user prompt, past any name
    await search('one sentence', ['support_chat']); // in the system prompt
    await search('"good morning"', ['nightly_summary']); // quotes, escaped twice in the file
    await search('café sign', ['nightly_summary']); // non-ASCII
    await search(QUOTED_PROMPT.slice(0, 12), ['nightly_summary']);
    await search('no trace says this', []);
    await page.fill('#search', 'nightly'); // names still match from the index
    await waitForRows(['nightly_summary']);
    await page.fill('#search', '');
    await waitForRows(['failing_job', 'nightly_summary', 'support_chat']);
  });

  it('shows input, output and cached tokens and the cost of an LLM call served partly from cache', async () => {
    await page.click('a.trace-row:has-text("nightly_summary")');
    await page.click(`.wf-row[title="chat gpt-4o-mini@cached=${CACHED_TOKENS}"]`);
    await page.waitForSelector('#llm-facts');
    const fact = async (name: string): Promise<string> =>
      (await page.locator(`#llm-facts dd[data-fact="${name}"]`).textContent()) ?? '';
    assert.match(await fact('Input tokens'), /^\d+$/);
    assert.ok(Number(await fact('Input tokens')) > CACHED_TOKENS);
    assert.match(await fact('Output tokens'), /^\d+$/);
    assert.equal(await fact('Cached tokens'), String(CACHED_TOKENS));
    assert.match(await fact('Cost'), /^\$\d/);
    const cachedRow = await page
      .locator('#by-model tr', { hasText: `@cached=${CACHED_TOKENS}` })
      .locator('td')
      .allTextContents();
    assert.equal(cachedRow[4], String(CACHED_TOKENS)); // Model, Calls, Input, Output, Cached, Cost
    assert.match(cachedRow[5] ?? '', /^\$\d/);
    await page.goto(viewer.url);
  });

  it('shows the time to first token of a streamed call', async () => {
    await page.click('a.trace-row:has-text("nightly_summary")');
    await page.click('.wf-row[title="chat gpt-4o"]');
    await page.waitForSelector('#llm-facts');
    assert.match(
      (await page.locator('#llm-facts dd[data-fact="Time to first token"]').textContent()) ?? '',
      /\d (ms|µs|s)$/
    );
    await page.goto(viewer.url);
  });

  it('opens a trace at its own URL and shows an LLM span as a conversation, markup as text', async () => {
    await page.click('a.trace-row:has-text("support_chat")');
    await page.waitForSelector('#waterfall .wf-row[data-span-id]');
    assert.match(new URL(page.url()).pathname, /^\/trace\/[0-9a-f]{32}$/);
    assert.equal(await page.locator('#trace-name').textContent(), 'support_chat');
    await page.click('.wf-row:has-text("gpt-4o-mini")');
    await page.waitForSelector('#conversation');
    const bubbles = await page
      .locator('#conversation .bubble')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-role'), e.querySelector('.bubble-text')?.textContent])
      );
    assert.deepEqual(bubbles[0], ['system', SYSTEM_PROMPT]);
    assert.deepEqual(bubbles[1], ['user', `How do refunds work? ${XSS_SCRIPT} ${XSS_IMG}`]);
    assert.equal(bubbles[2]?.[0], 'assistant');
    assert.equal(await page.locator('#llm-facts dd[data-fact="Model"]').textContent(), 'gpt-4o-mini');
    assert.match((await page.locator('#llm-facts dd[data-fact="Input tokens"]').textContent()) ?? '', /^\d+$/);
    // The payloads stayed text: no element was made from them and nothing ran.
    assert.equal(await page.locator('#conversation img, #conversation script').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    assert.deepEqual(dialogs, []);
    assert.ok((await page.locator('#by-model td').allTextContents()).includes('gpt-4o-mini'));
  });

  it('shows tool calls, retrieval documents, and a shared link reopens the selected span', async () => {
    await page.click('.wf-row:has-text("gpt-4o@tools")');
    await page.waitForSelector('#conversation .bubble[data-role="tool call"]');
    await page.click('.wf-row:has-text("retrieval")');
    await page.waitForSelector('#documents');
    assert.match((await page.locator('#documents').textContent()) ?? '', /kb-12 · score 0\.910/);
    const shared = page.url();
    const other = await browser.newPage();
    await other.goto(shared);
    await other.waitForSelector('#documents');
    await other.close();
  });

  it('shows an error with its stack', async () => {
    await page.goto(viewer.url);
    await page.click('a.trace-row:has-text("failing_job")');
    await page.waitForSelector('#exception');
    assert.match(
      (await page.locator('#exception').textContent()) ?? '',
      /TypeError: the invoice total is not a number/
    );
    assert.match((await page.locator('#exception .stack').textContent()) ?? '', /write-traces\.ts/);
    assert.match((await page.locator('#events').textContent()) ?? '', /Events \(1\)exception/);
  });

  it('shows a trace written while it runs, from a new (rotated) file', async () => {
    await page.goto(viewer.url);
    await page.waitForSelector('a.trace-row');
    const line = readFileSync(
      join(
        dir,
        readdirSync(dir)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()[0]!
      ),
      'utf8'
    ).split('\n')[0]!;
    const late = JSON.parse(line) as Record<string, unknown>;
    Object.assign(late, { trace_id: 'f'.repeat(32), name: 'late_arrival', start_time: new Date().toISOString() });
    writeFileSync(join(dir, 'traces-99999999-999999-1-1.jsonl'), `${JSON.stringify(late)}\n`);
    await page.waitForSelector('a.trace-row:has-text("late_arrival")', { timeout: 15_000 });
    assert.equal((await rowNames())[0], 'late_arrival');
  });

  it('refuses a foreign Host header (DNS rebinding) and answers loopback names', async () => {
    assert.equal((await rawGet(viewer.url, '/api/traces', 'evil.example')).status, 403);
    assert.equal((await rawGet(viewer.url, '/', 'evil.example:80')).status, 403);
    assert.equal((await rawGet(viewer.url, '/api/traces', 'localhost')).status, 200);
  });

  it('refuses path traversal and serves nothing outside its folder', async () => {
    for (const path of [
      '/assets/../../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/trace/..%2f..%2fpackage.json',
      '/..\\..\\etc\\passwd',
      '/api/traces/..%2F..%2Fetc%2Fpasswd',
    ]) {
      const res = await rawGet(viewer.url, path);
      assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status}`);
      assert.doesNotMatch(res.body, /"name": "noveum-trace"|root:/);
    }
  });

  it('sends a strict Content-Security-Policy with the page', async () => {
    const res = await fetch(viewer.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });
});
