import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../../src/api/config.js';
import { init, shutdown } from '../../../src/api/init.js';
import { INIT_OPTION_SCHEMA } from '../../../src/api/init-schema.js';
import { resolveHttpSettings } from '../../../src/export/http/settings.js';
import { warnUnknownKeys } from '../../../src/internal/option-schema.js';
import { captureDiag } from '../../helpers/tracing.js';

function warningsFor(options: unknown): string[] {
  const warnings: string[] = [];
  resolveConfig(options as never, {}, (m) => warnings.push(m));
  return warnings;
}

describe('init() options it does not know', () => {
  it('names where a misplaced option belongs', () => {
    assert.deepEqual(warningsFor({ redactPii: true }), [
      'init(): unknown option "redactPii" is ignored; it belongs at "redaction.redactPii"',
    ]);
    assert.deepEqual(warningsFor({ batchSize: 10 }), [
      'init(): unknown option "batchSize" is ignored; it belongs at "export.batchSize"',
    ]);
  });

  it('reads the Python SDK shape (snake_case, a config object) and names the TypeScript options', () => {
    assert.deepEqual(warningsFor({ api_key: 'k', config: { sampling_rate: 0.5 } }), [
      'init(): unknown option "api_key" is ignored; did you mean "apiKey"?',
      'init(): unknown option "config" is ignored; "sampling_rate" belongs at "samplingRate"',
    ]);
  });

  it('checks nested objects and suggests close spellings', () => {
    assert.deepEqual(warningsFor({ export: { batchsize: 5, timeoutMs: 100 }, capture: { input: true }, debgu: 1 }), [
      'init(): unknown option "export.batchsize" is ignored; did you mean "export.batchSize"?',
      'init(): unknown option "capture.input" is ignored; did you mean "capture.inputs"?',
      'init(): unknown option "debgu" is ignored; did you mean "debug"?',
    ]);
  });

  it('says nothing about known options, or free-form maps', () => {
    assert.deepEqual(
      warningsFor({
        project: 'p',
        otlp: { headers: { 'x-anything': 'v' } },
        redaction: { redactPii: ['email'] },
      }),
      []
    );
  });

  it('prints the warning through init() once per unknown key, one line each', async () => {
    const c = captureDiag();
    try {
      init({ exporter: 'none', redactPii: true, batchSize: 3 } as never);
      await shutdown();
    } finally {
      c.restore();
    }
    const unknown = c.lines.filter((l) => l.includes('unknown option'));
    assert.equal(unknown.length, 2, c.lines.join('\n'));
  });
});

describe('warnUnknownKeys', () => {
  it('never throws on an object whose keys cannot be read', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const warnings: string[] = [];
    warnUnknownKeys('init()', { export: revoked.proxy }, INIT_OPTION_SCHEMA, (m) => warnings.push(m));
    warnUnknownKeys('init()', revoked.proxy, INIT_OPTION_SCHEMA, (m) => warnings.push(m));
    assert.deepEqual(warnings, []);
  });
});

describe('export delivery settings', () => {
  it('warns about a timeout, retry or size out of range and uses the default', () => {
    const c = captureDiag();
    let settings;
    try {
      settings = resolveHttpSettings(
        new URL('http://127.0.0.1:9'),
        { timeoutMs: -5, maxRetries: Number.NaN, retryBaseDelayMs: 1e12, maxSpoolBytes: -1 },
        {}
      );
    } finally {
      c.restore();
    }
    assert.equal(settings.timeoutMs, 30_000);
    assert.equal(settings.retry.maxRetries, 3);
    assert.equal(settings.retry.baseDelayMs, 1000);
    assert.equal(settings.maxSpoolBytes, 100 * 1024 * 1024);
    assert.deepEqual(c.lines, [
      '[noveum-trace] warn: option "export.timeoutMs" must be between 1 and 2147483647, got -5; using 30000',
      '[noveum-trace] warn: option "export.maxRetries" must be a number, got NaN; using 3',
      '[noveum-trace] warn: option "export.retryBaseDelayMs" must be between 0 and 2147483647, got 1000000000000; using 1000',
      '[noveum-trace] warn: option "export.maxSpoolBytes" must be at least 0, got -1; using 104857600',
    ]);
  });
});
