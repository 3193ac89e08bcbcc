import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, afterEach, before, describe, it } from 'node:test';
import { AutoDiscovery, discoverAndInstrument } from '../../../src/discovery/auto-discovery.js';
import { DiscoveryReport } from '../../../src/discovery/discovery-report.js';
import type { SupportedLibrary } from '../../../src/discovery/registry.js';
import { getInstrumentationStatus } from '../../../src/instrumentation/index.js';
import { OPENAI_SUPPORTED_VERSIONS } from '../../../src/instrumentation/openai/constants.js';
import type { AutoInstrumentOptions } from '../../../src/instrumentation/types.js';
import { captureDiag } from '../../helpers/tracing.js';
import { createFixtureApp, type FixtureApp } from './fixture-packages.js';

/** A registry entry for a fake package that records how it was instrumented. */
function fakeEntry(name: string, range: string, behaviour: () => readonly string[] = () => ['run']) {
  const calls: AutoInstrumentOptions[] = [];
  const entry: SupportedLibrary = {
    name,
    packages: [name],
    supportedVersions: range,
    instrument(options) {
      calls.push(options);
      return behaviour();
    },
  };
  return { entry, calls };
}

describe('discoverAndInstrument()', () => {
  let app: FixtureApp;
  let diag: ReturnType<typeof captureDiag>;
  before(() => {
    app = createFixtureApp();
    app.addPackage('node_modules/agent-kit', { name: 'agent-kit', version: '2.1.0' });
    app.addPackage('node_modules/old-kit', { name: 'old-kit', version: '1.4.0' });
    app.addPackage('node_modules/openai', { name: 'openai', version: '4.0.0' });
    app.addPackage('node_modules/host/node_modules/mixed-kit', { name: 'mixed-kit', version: '3.2.0' });
    app.addPackage('node_modules/mixed-kit', { name: 'mixed-kit', version: '1.0.0' });
  });
  after(() => app.remove());
  afterEach(() => diag?.restore());
  const capture = () => (diag = captureDiag());

  it('instruments a library that is present and reports its version and methods', () => {
    const { entry, calls } = fakeEntry('agent-kit', '>=2 <3', () => ['agents.run', 'agents.stream']);
    const report = discoverAndInstrument({ registry: [entry], paths: [app.dir], config: { captureInputs: false } });
    assert.deepEqual(calls, [{ config: { captureInputs: false } }]);
    assert.deepEqual(report.names, ['agent-kit']);
    const [lib] = report.instrumented;
    assert.equal(lib?.version, '2.1.0');
    assert.deepEqual(lib?.methods, ['agents.run', 'agents.stream']);
    assert.deepEqual(report.skipped, []);
  });

  it('skips a library that is absent, without calling its integration', () => {
    const { entry, calls } = fakeEntry('absent-kit', '>=1 <2');
    const report = discoverAndInstrument({ registry: [entry], paths: [app.dir] });
    assert.equal(calls.length, 0);
    assert.equal(report.skipped[0]?.reason, 'not-installed');
    assert.match(report.skipped[0]?.message ?? '', /absent-kit is not installed/);
  });

  it('skips openai 4.0.0 as an unsupported version, naming the range from the integration', () => {
    const { lines } = capture();
    const report = discoverAndInstrument({ paths: [app.dir] });
    assert.deepEqual(report.instrumented, []);
    const [openai] = report.skipped;
    assert.equal(openai?.reason, 'unsupported-version');
    assert.deepEqual(openai?.versions, ['4.0.0']);
    assert.equal(openai?.supportedVersions, OPENAI_SUPPORTED_VERSIONS);
    assert.equal(getInstrumentationStatus('openai').active, false, 'openai was not instrumented');
    assert.equal(lines.filter((l) => l.includes('openai@4.0.0 is outside the supported range')).length, 1);
  });

  it('instruments a supported nested copy next to an unsupported top-level one', () => {
    const { entry } = fakeEntry('mixed-kit', '>=3 <4');
    const [lib] = discoverAndInstrument({ registry: [entry], paths: [app.dir] }).instrumented;
    assert.equal(lib?.version, '3.2.0');
    assert.deepEqual(
      lib?.copies.map((c) => [c.version, c.source, c.supported]),
      [
        ['1.0.0', 'resolved', false],
        ['3.2.0', 'nested', true],
      ]
    );
  });

  it('skips libraries the user turned off with exclude or left out of libraries', () => {
    const a = fakeEntry('agent-kit', '>=2 <3');
    const b = fakeEntry('old-kit', '>=1 <2');
    const excluded = discoverAndInstrument({ registry: [a.entry, b.entry], paths: [app.dir], exclude: ['agent-kit'] });
    assert.deepEqual(excluded.names, ['old-kit']);
    assert.deepEqual(
      excluded.skipped.map((s) => [s.name, s.reason]),
      [['agent-kit', 'disabled']]
    );
    const only = discoverAndInstrument({ registry: [a.entry, b.entry], paths: [app.dir], libraries: ['agent-kit'] });
    assert.deepEqual(only.names, ['agent-kit']);
    assert.deepEqual(
      only.skipped.map((s) => [s.name, s.reason]),
      [['old-kit', 'disabled']]
    );
    assert.equal(a.calls.length, 1);
  });

  it('reports a library whose integration throws as failed, and still instruments the others', () => {
    const { lines } = capture();
    const broken = fakeEntry('old-kit', '>=1 <2', () => {
      throw new TypeError('Cannot read properties of undefined (reading "prototype")');
    });
    const empty = fakeEntry('mixed-kit', '>=3 <4', () => []);
    const good = fakeEntry('agent-kit', '>=2 <3');
    const report = discoverAndInstrument({ registry: [broken.entry, empty.entry, good.entry], paths: [app.dir] });
    assert.deepEqual(report.names, ['agent-kit']);
    assert.deepEqual(
      report.failed.map((s) => [s.name, s.error, s.versions]),
      [
        ['old-kit', 'Cannot read properties of undefined (reading "prototype")', ['1.4.0']],
        ['mixed-kit', 'no method was enabled', ['1.0.0', '3.2.0']],
      ]
    );
    assert.equal(lines.filter((l) => l.includes('could not instrument old-kit')).length, 1);
    assert.ok(!lines.some((l) => l.includes('    at ')), 'no stack trace at the default level');
  });

  it('never throws, whatever the options', () => {
    const bad = [42, null, { paths: 'nope' }, { registry: [null] }, { libraries: [7], exclude: {} }];
    for (const options of bad) {
      capture();
      const report = new AutoDiscovery(options as never).discoverAndInstrument();
      assert.ok(report instanceof DiscoveryReport);
      diag.restore();
    }
  });

  it('names an unknown library once and reports it', () => {
    const { lines } = capture();
    const { entry } = fakeEntry('agent-kit', '>=2 <3');
    const report = discoverAndInstrument({ registry: [entry], paths: [app.dir], libraries: ['agnet-kit'] });
    assert.deepEqual(
      report.skipped.map((s) => [s.name, s.reason]),
      [
        ['agent-kit', 'disabled'],
        ['agnet-kit', 'unknown'],
      ]
    );
    assert.equal(lines.filter((l) => l.includes('unknown library "agnet-kit"')).length, 1);
  });
});

describe('DiscoveryReport', () => {
  let app: FixtureApp;
  before(() => {
    app = createFixtureApp();
    app.addPackage('node_modules/agent-kit', { name: 'agent-kit', version: '2.1.0' });
    app.addPackage('node_modules/old-kit', { name: 'old-kit', version: '1.4.0' });
  });
  let diag: ReturnType<typeof captureDiag>;
  before(() => (diag = captureDiag()));
  after(() => {
    diag.restore();
    app.remove();
  });

  const report = () =>
    discoverAndInstrument({
      registry: [
        fakeEntry('agent-kit', '>=2 <3', () => ['agents.run']).entry,
        fakeEntry('old-kit', '>=2 <3').entry,
        fakeEntry('gone-kit', '>=1 <2').entry,
      ],
      paths: [app.dir],
    });

  it('prints as a table with console.log', () => {
    assert.equal(
      inspect(report()),
      [
        'DiscoveryReport: 1 instrumented, 2 skipped',
        '  library    version  status               detail',
        '  agent-kit  2.1.0    instrumented         agents.run',
        '  old-kit    1.4.0    unsupported version  supported: >=2 <3',
        '  gone-kit   -        not installed',
      ].join('\n')
    );
  });

  it('serialises to its data and interpolates as the instrumented libraries', () => {
    const r = report();
    const data = JSON.parse(JSON.stringify(r)) as { instrumented: unknown[]; skipped: Array<{ reason: string }> };
    assert.equal(data.instrumented.length, 1);
    assert.deepEqual(
      data.skipped.map((s) => s.reason),
      ['unsupported-version', 'not-installed']
    );
    assert.equal(`${r}`, 'agent-kit@2.1.0');
    assert.equal(String(new DiscoveryReport([], [])), 'none');
  });
});
