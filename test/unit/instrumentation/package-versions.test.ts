/**
 * A library spread over packages that version apart (`@llamaindex/core` 0.6 beside
 * `@llamaindex/openai` 0.4 and `llamaindex` 0.12): each package's copy is held to its own range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSupportedVersion, supportedRangeOf } from '../../../src/instrumentation/patcher.js';
import type { LibraryDefinition } from '../../../src/instrumentation/types.js';
import { captureDiag } from '../../helpers/tracing.js';

const def: LibraryDefinition = {
  name: 'multi',
  moduleNames: ['@multi/core/llms', '@multi/openai'],
  supportedVersions: '>=0.12.0 <0.13',
  packageVersions: { '@multi/core': '>=0.6.0 <0.7' },
  methods: {},
  aliases: {},
  resolveRoot: () => undefined,
  wrap: (original) => original,
};

describe('packageVersions', () => {
  it("holds a listed package to its own range, any other to the library's", () => {
    assert.equal(supportedRangeOf(def, '@multi/core'), '>=0.6.0 <0.7');
    assert.equal(supportedRangeOf(def, '@multi/openai'), '>=0.12.0 <0.13');
    assert.equal(supportedRangeOf(def), '>=0.12.0 <0.13');
    assert.equal(isSupportedVersion(def, '0.6.22', '@multi/core'), true);
  });

  it('warns once, naming the package, for a version outside its range', () => {
    const diag = captureDiag();
    try {
      assert.equal(isSupportedVersion(def, '0.7.0', '@multi/core'), false);
      assert.equal(isSupportedVersion(def, '0.7.0', '@multi/core'), false);
      const lines = diag.lines.filter((l) => l.includes('@multi/core@0.7.0'));
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /outside the supported range >=0\.6\.0 <0\.7/);
    } finally {
      diag.restore();
    }
  });
});
