import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { SUPPORTED_LIBRARIES } from '../../../src/discovery/registry.js';
import { ANTHROPIC_SUPPORTED_VERSIONS } from '../../../src/instrumentation/anthropic/constants.js';
import { OPENAI_SUPPORTED_VERSIONS } from '../../../src/instrumentation/openai/constants.js';

const README = readFileSync(join(resolve(import.meta.dirname, '..', '..', '..'), 'README.md'), 'utf8');

describe('SUPPORTED_LIBRARIES', () => {
  it("takes openai's range from the integration's constants", () => {
    const openai = SUPPORTED_LIBRARIES.find((l) => l.name === 'openai');
    assert.deepEqual(openai?.packages, ['openai']);
    assert.equal(openai?.supportedVersions, OPENAI_SUPPORTED_VERSIONS);
  });

  it("takes anthropic's package and range from the integration's constants", () => {
    const anthropic = SUPPORTED_LIBRARIES.find((l) => l.name === 'anthropic');
    assert.deepEqual(anthropic?.packages, ['@anthropic-ai/sdk']);
    assert.equal(anthropic?.supportedVersions, ANTHROPIC_SUPPORTED_VERSIONS);
  });

  it('has unique names', () => {
    const names = SUPPORTED_LIBRARIES.map((l) => l.name);
    assert.deepEqual(names, [...new Set(names)]);
  });

  it("matches the README's supported-libraries table, one row per library with its package and range", () => {
    const start = README.indexOf('### Supported libraries');
    const section = README.slice(start, README.indexOf('\n#', start + 1));
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Library') && !l.startsWith('| ---'));
    assert.equal(rows.length, SUPPORTED_LIBRARIES.length);
    for (const lib of SUPPORTED_LIBRARIES) {
      const row = rows.find((r) => r.includes(`| \`${lib.packages[0]}\` |`));
      assert.ok(row, `a row for ${lib.packages[0]}`);
      assert.ok(row.includes(`| \`${lib.supportedVersions}\` |`), `${lib.name}'s range in ${row}`);
    }
  });
});
