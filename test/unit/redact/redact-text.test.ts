import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setDiagSink } from '../../../src/diag/diag.js';
import { redactText } from '../../../src/redact/redact-text.js';

let restore: () => void = () => {};
beforeEach(() => {
  restore = setDiagSink(() => {});
});
afterEach(() => restore());

describe('redactText', () => {
  it('runs every built-in detector by default', () => {
    assert.equal(
      redactText('mail jane@example.com, card 4111 1111 1111 1111'),
      'mail [REDACTED:email], card [REDACTED:creditCard]'
    );
  });

  it('uses only the detectors and patterns it is given', () => {
    const options = { redactPii: ['ssn'] as const, patterns: [/secret-\w+/] };
    assert.equal(
      redactText('jane@example.com 123-45-6789 secret-abc', options),
      'jane@example.com [REDACTED:ssn] [REDACTED:custom]'
    );
    assert.equal(redactText('again secret-xyz', options), 'again [REDACTED:custom]', 'the cached compile still works');
  });

  it('returns a fixed mask, never the input, when the mask function throws', () => {
    const options = {
      redactPii: true,
      mask: () => {
        throw new Error('boom');
      },
    };
    assert.equal(redactText('jane@example.com', options), '[REDACTED]');
    assert.equal(redactText('nothing to see', options), 'nothing to see');
  });

  it('returns the text unchanged when no rule is enabled', () => {
    assert.equal(redactText('jane@example.com', {}), 'jane@example.com');
  });
});
