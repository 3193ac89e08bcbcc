import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { satisfiesRange } from '../../../src/instrumentation/version-range.js';

describe('satisfiesRange', () => {
  it('accepts versions inside a bounded range and rejects the next major', () => {
    assert.equal(satisfiesRange('6.49.0', '>=5.0.0 <8'), true);
    assert.equal(satisfiesRange('7.57.0', '>=5.0.0 <8'), true);
    assert.equal(satisfiesRange('8.0.0', '>=5.0.0 <8'), false);
    assert.equal(satisfiesRange('4.99.9', '>=5.0.0 <8'), false);
  });
  it('rejects a version it cannot parse', () => {
    assert.equal(satisfiesRange('banana', '>=5.0.0 <8'), false);
  });
});
