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
});
