import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diag, maskSecrets, registerSecret, setDiagLevel, warnOnce } from '../../../src/diag/diag.js';
import { getDiagnostics, reportInternalError } from '../../../src/diag/internal-errors.js';
import { captureDiag } from '../../helpers/tracing.js';

describe('diag', () => {
  it('routes lines to the sink set by setDiagSink and restores the previous one', () => {
    const outer = captureDiag();
    const inner = captureDiag();
    diag.warn('to inner');
    inner.restore();
    diag.warn('to outer');
    outer.restore();
    assert.deepEqual(inner.lines, ['[noveum-trace] warn: to inner']);
    assert.deepEqual(outer.lines, ['[noveum-trace] warn: to outer']);
  });

  it('prints debug lines only when the level allows them', () => {
    const c = captureDiag();
    try {
      diag.debug('hidden');
      setDiagLevel('debug');
      diag.debug('shown');
    } finally {
      setDiagLevel('warn');
      c.restore();
    }
    assert.deepEqual(c.lines, ['[noveum-trace] debug: shown']);
  });

  it('warns once per key', () => {
    const c = captureDiag();
    warnOnce('diag-test-key', 'first');
    warnOnce('diag-test-key', 'second');
    c.restore();
    assert.deepEqual(c.lines, ['[noveum-trace] warn: first']);
  });

  it('masks registered secrets and bearer tokens', () => {
    registerSecret('my-secret-value');
    const masked = maskSecrets('key my-secret-value, Authorization: Bearer abcdef123456, sk-proj-abcdefghijkl');
    assert.doesNotMatch(masked, /my-secret-value|abcdef123456|abcdefghijkl/);
  });

  it('counts internal errors and never throws while reporting them', () => {
    const c = captureDiag();
    const before = getDiagnostics().internalErrors;
    reportInternalError('test', new Error('x'));
    c.restore();
    assert.equal(getDiagnostics().internalErrors, before + 1);
  });
});

describe('diag line shape', () => {
  it('prints an error as one line without its stack unless debug is on', () => {
    const c = captureDiag();
    const error = new Error('first line\nsecond line');
    try {
      diag.warn('export failed:', error);
      setDiagLevel('debug');
      diag.warn('export failed:', error);
    } finally {
      setDiagLevel('warn');
      c.restore();
    }
    assert.equal(c.lines[0], '[noveum-trace] warn: export failed: Error: first line second line');
    assert.match(c.lines[1]!, /first line\nsecond line\n\s+at /, 'debug keeps the stack');
  });
});
