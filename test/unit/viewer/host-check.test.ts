import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostName, isAllowedHost } from '../../../src/viewer/host-check.js';

describe('viewer Host check (DNS rebinding)', () => {
  it('answers loopback names with or without a port', () => {
    for (const host of ['localhost', 'LOCALHOST:7007', '127.0.0.1:80', '127.1.2.3', '[::1]:7007', 'app.localhost']) {
      assert.equal(isAllowedHost(host, '127.0.0.1'), true, host);
    }
  });

  it('refuses other names, a missing Host, and lookalikes', () => {
    for (const host of [
      undefined,
      '',
      'evil.example',
      'evil.example:7007',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '10.0.0.5',
    ]) {
      assert.equal(isAllowedHost(host, '127.0.0.1'), false, String(host));
    }
  });

  it('also answers the address the user chose to bind, but not any name when bound to a wildcard', () => {
    assert.equal(isAllowedHost('192.168.1.20:7007', '192.168.1.20'), true);
    assert.equal(isAllowedHost('192.168.1.20:7007', '0.0.0.0'), false);
    assert.equal(hostName('[fe80::1]:80'), '[fe80::1]');
  });
});
