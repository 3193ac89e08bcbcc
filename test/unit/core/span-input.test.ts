/** Span kinds and names are checked where they enter, like times and attributes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSpan } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('span kind and name', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing({ maxAttributeLength: 1000 });
  });
  after(() => t.close());

  it('replaces a kind that is not one of the five (a circular object once failed a whole batch) by internal', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    startSpan('odd-kind', { kind: circular as never }).end();
    startSpan('client-kind', { kind: 'client' }).end();
    assert.equal(t.span('odd-kind').kind, 'internal');
    assert.equal(t.span('client-kind').kind, 'client');
    assert.equal(t.diagLines.filter((l) => l.includes('is not a span kind')).length, 1);
  });

  it('cuts a name longer than maxAttributeLength, at start and on updateName, with a marker', () => {
    startSpan('n'.repeat(1_000_000)).end();
    const renamed = startSpan('short');
    renamed.updateName('m'.repeat(5_000));
    renamed.end();
    const names = t.spans().map((s) => s.name);
    assert.ok(names.some((n) => n.startsWith('nnn') && n.length < 1100));
    assert.ok(names.some((n) => n.startsWith('mmm') && n.length < 1100));
  });

  it('cuts a 1 MB status message, event name and exception message like attribute values', () => {
    const span = startSpan('big-texts');
    span.setStatus('error', 's'.repeat(1_000_000));
    span.addEvent('e'.repeat(1_000_000));
    span.recordException(new Error('x'.repeat(1_000_000)));
    span.end();
    const s = t.span('big-texts');
    assert.ok(s.status.message!.length < 1100);
    assert.ok(s.events.every((e) => e.name.length < 1100));
    assert.ok(s.exception!.message.length < 1100);
    const ev = s.events.find((e) => e.name === 'exception')!;
    assert.ok(String(ev.attributes['exception.message']).length < 1100);
  });
});
