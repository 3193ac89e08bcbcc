import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setDiagSink } from '../../../src/diag/diag.js';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { OtlpExporter } from '../../../src/export/otlp/otlp-exporter.js';
import { RESOURCE } from '../export/trace-factory.js';

const KEY = 'nv-plain-http-secret-42';

describe('credentials over plain http://', () => {
  const lines: string[] = [];
  const restore = setDiagSink((l) => lines.push(l));
  const exporters: { shutdown(): Promise<void> }[] = [];
  after(async () => {
    restore();
    for (const e of exporters) await e.shutdown();
  });
  const noveum = (endpoint: string): void =>
    void exporters.push(new NoveumExporter({ apiKey: KEY, endpoint, resource: RESOURCE }));

  it('warns once, naming the host, when the API key would go to a non-loopback host', () => {
    lines.length = 0;
    noveum('http://traces.example.invalid/api');
    noveum('http://traces.example.invalid/api');
    const warnings = lines.filter((l) => l.includes('plain http://'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /http:\/\/traces\.example\.invalid/);
    assert.ok(!warnings[0]!.includes(KEY), 'the warning never prints the key');
  });

  it('stays quiet for https:// and for loopback hosts', () => {
    lines.length = 0;
    noveum('https://secure.example.invalid/api');
    noveum('http://127.0.0.1:9/api');
    noveum('http://localhost:9/api');
    noveum('http://[::1]:9/api');
    assert.deepEqual(
      lines.filter((l) => l.includes('plain http://')),
      []
    );
  });

  it('warns for an OTLP authorization header sent over plain http:// to a remote collector', () => {
    lines.length = 0;
    exporters.push(
      new OtlpExporter({
        endpoint: 'http://collector.example.invalid:4318',
        headers: { authorization: 'Bearer otlp-secret' },
        resource: RESOURCE,
        env: {},
      })
    );
    const warnings = lines.filter((l) => l.includes('plain http://'));
    assert.equal(warnings.length, 1);
    assert.ok(!warnings[0]!.includes('otlp-secret'));
  });

  it('treats only real loopback hosts as loopback, never a name that starts like one', () => {
    lines.length = 0;
    noveum('http://127.0.0.1.evil.example/api');
    noveum('http://localhost.evil.example/api');
    const warnings = lines.filter((l) => l.includes('plain http://'));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /127\.0\.0\.1\.evil\.example/);
    lines.length = 0;
    noveum('http://127.5.6.7:9/api');
    assert.deepEqual(
      lines.filter((l) => l.includes('plain http://')),
      [],
      'all of 127.0.0.0/8 is loopback'
    );
  });

  for (const header of ['DD-API-KEY', 'x-honeycomb-team', 'x-api-key', 'api-key', 'x-goog-api-key', 'X-Auth-Token']) {
    it(`warns for the vendor credential header ${header} over plain http://`, () => {
      lines.length = 0;
      exporters.push(
        new OtlpExporter({
          endpoint: `http://${header.toLowerCase()}.example.invalid:4318`,
          headers: { [header]: 'vendor-secret-value' },
          resource: RESOURCE,
          env: {},
        })
      );
      const warnings = lines.filter((l) => l.includes('plain http://'));
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0]!.includes(header), 'the warning names the header');
      assert.ok(!warnings[0]!.includes('vendor-secret-value'));
    });
  }
});
