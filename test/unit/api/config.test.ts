import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../../src/api/config.js';

describe('resolveConfig', () => {
  it('reads NOVEUM_* environment variables for options not given', () => {
    const warnings: string[] = [];
    const c = resolveConfig(
      {},
      {
        NOVEUM_API_KEY: 'k-123',
        NOVEUM_PROJECT: 'proj',
        NOVEUM_ENVIRONMENT: 'prod',
        NOVEUM_ENDPOINT: 'http://127.0.0.1:9/api/',
        NOVEUM_SAMPLING_RATE: '0.25',
        NOVEUM_DEBUG: '1',
      },
      (m) => warnings.push(m)
    );
    assert.deepEqual(
      [c.apiKey, c.project, c.environment, c.endpoint, c.sampling.rate, c.debug],
      ['k-123', 'proj', 'prod', 'http://127.0.0.1:9/api', 0.25, 'debug']
    );
    assert.deepEqual(warnings, []);
  });

  it('lets options win over the environment', () => {
    const c = resolveConfig({ project: 'opt' }, { NOVEUM_PROJECT: 'env' }, () => {});
    assert.equal(c.project, 'opt');
  });

  it('warns once per bad value, naming the option, and falls back', () => {
    const warnings: string[] = [];
    const c = resolveConfig(
      { samplingRate: 7, project: '' as string, capture: { maxInputLength: -1 } },
      { NOVEUM_DEBUG: 'loud' },
      (m) => warnings.push(m)
    );
    assert.equal(c.sampling.rate, 1);
    assert.equal(c.project, 'default');
    assert.equal(c.capture.maxInputLength, 0);
    assert.equal(c.debug, 'warn');
    assert.equal(warnings.length, 4);
    for (const name of ['"samplingRate"', '"project"', '"capture.maxInputLength"', '"debug"']) {
      assert.ok(
        warnings.some((w) => w.includes(name)),
        `a warning names ${name}: ${warnings.join(' | ')}`
      );
    }
  });

  it('warns on a non-numeric sampling rate from the environment and uses 1', () => {
    const warnings: string[] = [];
    const c = resolveConfig({}, { NOVEUM_SAMPLING_RATE: 'half' }, (m) => warnings.push(m));
    assert.equal(c.sampling.rate, 1);
    assert.match(warnings[0] ?? '', /samplingRate.*"half".*using 1.*NOVEUM_SAMPLING_RATE/);
  });

  it('names the environment variable a bad value came from, once each, and uses the default', () => {
    const warnings: string[] = [];
    const c = resolveConfig({}, { NOVEUM_DEBUG: 'loud', NOVEUM_ENABLED: 'maybe', NOVEUM_SAMPLING_RATE: '2' }, (m) =>
      warnings.push(m)
    );
    assert.deepEqual([c.debug, c.enabled, c.sampling.rate], ['warn', true, 1]);
    assert.equal(warnings.length, 3);
    for (const name of ['NOVEUM_DEBUG', 'NOVEUM_ENABLED', 'NOVEUM_SAMPLING_RATE']) {
      assert.equal(warnings.filter((w) => w.includes(name)).length, 1, `${name}: ${warnings.join(' | ')}`);
    }
  });

  it('warns about a malformed endpoint, service version or processor list and uses the defaults', () => {
    const warnings: string[] = [];
    const processor = { onTraceEnd: () => {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
    const c = resolveConfig(
      { endpoint: 'api.noveum.ai', serviceVersion: 3 as unknown as string, processors: [processor, 'x'] as never },
      {},
      (m) => warnings.push(m)
    );
    assert.equal(c.endpoint, 'https://api.noveum.ai/api');
    assert.equal(c.serviceVersion, undefined);
    assert.deepEqual(c.processors, [processor]);
    assert.equal(warnings.length, 3);
    for (const name of ['"endpoint"', '"serviceVersion"', '"processors"']) {
      assert.equal(warnings.filter((w) => w.includes(name)).length, 1, `${name}: ${warnings.join(' | ')}`);
    }
    const fromEnv: string[] = [];
    resolveConfig({}, { NOVEUM_ENDPOINT: 'ftp://x' }, (m) => fromEnv.push(m));
    assert.match(fromEnv[0] ?? '', /"endpoint".*NOVEUM_ENDPOINT/);
  });

  it('names sampling.rate when the rate came from the sampling options', () => {
    const warnings: string[] = [];
    resolveConfig({ sampling: { rate: -1 } }, {}, (m) => warnings.push(m));
    assert.match(warnings[0] ?? '', /"sampling\.rate" must be between 0 and 1, got -1; using 0/);
  });
});
