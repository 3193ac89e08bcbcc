/**
 * What `redactPii: true` must catch in the spans a user records: secrets inside captured
 * JSON (after an escaped newline), in event names, and in values cut by a length limit,
 * without ever making captured JSON unparsable.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import type { InitOptions } from '../../../src/api/options.js';
import { traceOperation } from '../../../src/api/scoped.js';
import type { ReadableSpan, Span } from '../../../src/core/types.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';

const restoreDiag = setDiagSink(() => {});
afterEach(async () => {
  await shutdown();
});
process.on('exit', restoreDiag);

/** One traced operation with `redactPii: true`, exported through the SDK's own pipeline. */
async function record(fn: (span: Span) => void, options: InitOptions = {}): Promise<ReadableSpan> {
  const exporter = new InMemoryExporter();
  init({ exporter, redaction: { redactPii: true }, ...options });
  traceOperation('op', fn);
  await shutdown();
  const spans = exporter.getFinishedSpans();
  assert.equal(spans.length, 1);
  return spans[0]!;
}

const MESSAGES = [
  { role: 'system', content: 'You answer "briefly" and use C:\\temp\\notes; caf\u00e9 \u2615 \ud83d\ude00' },
  { role: 'user', content: 'Hi,\nmy mail is jane.doe@example.com\nand my card\n4111 1111 1111 1111' },
  { role: 'user', content: 'key:\tsk-abcdefghijklmnopqrstuvwx, phone\n+1 415 555 2671, quote "x@y.io"' },
];

describe('redaction with redactPii', () => {
  it('masks secrets after escaped newlines in llm.messages and keeps the JSON parseable', async () => {
    const span = await record((s) => {
      s.setAttribute('llm.messages', MESSAGES);
    });
    const text = String(span.attributes['llm.messages']);
    for (const secret of ['jane.doe', '4111', 'sk-abc', '2671', 'x@y.io']) assert.ok(!text.includes(secret), secret);
    const parsed = JSON.parse(text) as { role: string; content: string }[];
    assert.equal(parsed[0]!.content, MESSAGES[0]!.content, 'quotes, backslashes and unicode survive');
    assert.equal(parsed[1]!.content, 'Hi,\nmy mail is [REDACTED:email]\nand my card\n[REDACTED:creditCard]');
    assert.equal(parsed[2]!.content, 'key:\t[REDACTED:apiKey], phone\n[REDACTED:phone], quote "[REDACTED:email]"');
  });

  it('masks secrets after escaped newlines in object attributes', async () => {
    const span = await record((s) => {
      s.setAttributes({ profile: { note: 'line one\njane.doe@example.com\n123-45-6789' } });
    });
    assert.deepEqual(JSON.parse(String(span.attributes['profile'])), {
      note: 'line one\n[REDACTED:email]\n[REDACTED:ssn]',
    });
  });

  it('masks event names and their attributes', async () => {
    const span = await record((s) => {
      s.addEvent('mailed jane.doe@example.com', { to: 'ref-jane.doe@example.com' });
    });
    assert.equal(span.events[0]!.name, 'mailed [REDACTED:email]');
    assert.deepEqual(span.events[0]!.attributes, { to: '[REDACTED:email]' });
  });

  it('never sends the first half of a secret cut by maxAttributeLength', async () => {
    const pad = 'x'.repeat(40) + ' ';
    const span = await record(
      (s) => {
        s.setAttribute('mail', pad + 'jane.doe@example.com');
        s.setAttribute('card', pad + 'card 4111 1111 1111 1111');
        s.setAttribute('object', { note: pad + 'jane.doe@example.com' });
      },
      { maxAttributeLength: 51 }
    );
    const { mail, card, object } = span.attributes;
    assert.ok(!String(mail).includes('jane'), String(mail));
    assert.ok(String(mail).startsWith(pad.trim()) && String(mail).endsWith('…[truncated]'));
    assert.ok(!String(card).includes('4111'), String(card));
    assert.ok(!String(object).includes('jane'), String(object));
  });

  it('drops only the partial last word of a cut value, and nothing without redaction', async () => {
    const value = 'hello world ' + 'y'.repeat(80);
    const span = await record((s) => void s.setAttribute('plain', value), { maxAttributeLength: 40 });
    assert.equal(span.attributes['plain'], 'hello world …[truncated]');
    const raw = await record((s) => void s.setAttribute('plain', value), { maxAttributeLength: 40, redaction: {} });
    assert.equal(raw.attributes['plain'], value.slice(0, 40) + '…[truncated]');
  });
});
