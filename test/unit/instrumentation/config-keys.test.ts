import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TracedOpenAIClient } from '../../../src/instrumentation/openai/traced-client.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { captureDiag } from '../../helpers/tracing.js';

describe('instrumentation config it does not know', () => {
  after(() => uninstrument('openai'));

  it('warns about unknown config keys of instrument(), naming the right key, once', () => {
    const c = captureDiag();
    try {
      for (let i = 0; i < 3; i++)
        instrument({ openai: {} }, {
          config: { captureInput: false, maxOutputLen: 10 },
          captureOutputs: false,
        } as never);
    } finally {
      c.restore();
    }
    const unknown = c.lines.filter((l) => l.includes('unknown option'));
    assert.deepEqual(unknown, [
      '[noveum-trace] warn: instrumentation options: unknown option "captureOutputs" is ignored; it belongs at "config.captureOutputs"',
      '[noveum-trace] warn: instrumentation config: unknown option "captureInput" is ignored; did you mean "captureInputs"?',
      '[noveum-trace] warn: instrumentation config: unknown option "maxOutputLen" is ignored; did you mean "maxOutputLength"?',
    ]);
  });

  it('warns about TracedOpenAIClient config keys and bad values', () => {
    const c = captureDiag();
    try {
      new TracedOpenAIClient({}, { redact_pii: true, maxInputLength: -1 } as never);
    } finally {
      c.restore();
    }
    assert.deepEqual(c.lines, [
      '[noveum-trace] warn: instrumentation config: unknown option "redact_pii" is ignored; did you mean "redactPii"?',
      '[noveum-trace] warn: option "config.maxInputLength" must be at least 0, got -1; using the init() capture setting',
    ]);
  });
});
