// Regenerates the viewer screenshots in docs/ (the list and a trace page) from traces written
// by the SDK's file exporter. Usage: npm run build && node --import tsx scripts/viewer-screenshots.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeTraces } from '../test/fixtures/viewer/write-traces.js';
import { launchChromium, startViewer } from '../test/integration/viewer/viewer-harness.js';

const DOCS = resolve(import.meta.dirname, '..', 'docs');
const dir = mkdtempSync(join(tmpdir(), 'noveum-viewer-shots-'));
await writeTraces(dir);
const [viewer, browser] = await Promise.all([startViewer(dir), launchChromium()]);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(viewer.url);
  await page.waitForSelector('a.trace-row');
  await page.screenshot({ path: join(DOCS, 'viewer-list.png') });
  await page.click('a.trace-row:has-text("support_chat")');
  await page.waitForSelector('#waterfall');
  await page.click('.wf-row:has-text("gpt-4o-mini")');
  await page.waitForSelector('#conversation');
  await page.screenshot({ path: join(DOCS, 'viewer-trace.png') });
  console.log(`wrote ${join(DOCS, 'viewer-list.png')} and ${join(DOCS, 'viewer-trace.png')}`);
} finally {
  await browser.close();
  await viewer.stop();
  rmSync(dir, { recursive: true, force: true });
}
