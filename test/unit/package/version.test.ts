import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { SDK_VERSION } from '../../../src/internal/version.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

describe('SDK_VERSION', () => {
  it('equals the version in package.json, so exported payloads name the release', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(SDK_VERSION, pkg.version);
  });

  it('has a CHANGELOG.md with an Unreleased section split into the four headings', () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    const unreleased = changelog.split(/^## /m).find((s) => s.startsWith('Unreleased'));
    assert.ok(unreleased !== undefined, 'CHANGELOG.md has no "## Unreleased" section');
    for (const heading of ['Breaking', 'Features', 'Fixes', 'Internal']) {
      assert.match(unreleased, new RegExp(`^### ${heading}$`, 'm'));
    }
  });
});
