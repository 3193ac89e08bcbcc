/**
 * The open-work registry behind pitfall 2's abandoned streams: work still held by its owner is
 * ended once by endOpenWork(), work whose owner was garbage-collected is forgotten (so a server
 * that abandons streams does not accumulate them), and a failing end is reported, not thrown.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import { endOpenWork, trackOpenWork } from '../../../src/core/open-work.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { captureDiag } from '../../helpers/tracing.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('open work', () => {
  it('is ended once while its owner holds it, and not after it ended by itself', () => {
    const ended: string[] = [];
    const owners = [trackOpenWork(() => ended.push('a')), trackOpenWork(() => ended.push('b'))];
    owners[1]!();
    endOpenWork();
    endOpenWork();
    assert.deepEqual(ended, ['a']);
    assert.equal(owners.length, 2);
  });

  it('is forgotten, never ended, once its owner is garbage-collected', async () => {
    const ended: number[] = [];
    (() => {
      for (let i = 0; i < 100; i++) trackOpenWork(() => ended.push(i));
    })();
    // WeakRefs hold their targets until the current job ends, then a full GC may clear them.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    endOpenWork();
    assert.deepEqual(ended, []);
  });

  it('reports an end that throws and still ends the rest', () => {
    const diag = captureDiag();
    try {
      const before = getDiagnostics().internalErrors;
      let ended = false;
      const owners = [
        trackOpenWork(() => {
          throw new Error('end failed');
        }),
        trackOpenWork(() => (ended = true)),
      ];
      assert.doesNotThrow(() => endOpenWork());
      assert.equal(ended, true);
      assert.equal(getDiagnostics().internalErrors, before + 1);
      assert.equal(owners.length, 2);
    } finally {
      diag.restore();
    }
  });
});
