import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContextKey, ROOT_CONTEXT } from '../../../src/context/context.js';
import { bindContext, getActiveContext, withContext } from '../../../src/context/context-manager.js';

const KEY = createContextKey('test-key');

describe('Context', () => {
  it('is immutable: setValue returns a new context and leaves the old one alone', () => {
    const a = ROOT_CONTEXT.setValue(KEY, 1);
    const b = a.setValue(KEY, 2);
    assert.equal(a.getValue(KEY), 1);
    assert.equal(b.getValue(KEY), 2);
    assert.equal(b.deleteValue(KEY).getValue(KEY), undefined);
    assert.equal(ROOT_CONTEXT.getValue(KEY), undefined);
  });

  it('follows await and timers inside withContext, and is gone outside', async () => {
    const ctx = ROOT_CONTEXT.setValue(KEY, 'in');
    const seen = await withContext(ctx, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return new Promise((resolve) => setTimeout(() => resolve(getActiveContext().getValue(KEY)), 1));
    });
    assert.equal(seen, 'in');
    assert.equal(getActiveContext().getValue(KEY), undefined);
  });

  it('bindContext runs a callback in the bound context wherever it is called', () => {
    const bound = withContext(ROOT_CONTEXT.setValue(KEY, 'bound'), () =>
      bindContext(getActiveContext(), () => getActiveContext().getValue(KEY))
    );
    assert.equal(withContext(ROOT_CONTEXT.setValue(KEY, 'other'), bound), 'bound');
  });
});
