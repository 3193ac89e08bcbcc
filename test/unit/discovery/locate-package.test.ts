import assert from 'node:assert/strict';
import { mkdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findPackageCopies } from '../../../src/discovery/locate-package.js';
import { createFixtureApp, type FixtureApp } from './fixture-packages.js';

describe('findPackageCopies()', () => {
  let app: FixtureApp;
  before(() => {
    app = createFixtureApp();
    app.addPackage('node_modules/top-lib', { name: 'top-lib', version: '2.3.4' });
    app.addPackage('node_modules/esm-only-lib', {
      name: 'esm-only-lib',
      version: '1.2.0',
      type: 'module',
      exports: { '.': { import: './index.js' } },
    });
    app.addPackage('node_modules/host/node_modules/nested-lib', { name: 'nested-lib', version: '6.1.0' });
    app.addPackage('node_modules/@scope/host/node_modules/nested-lib', { name: 'nested-lib', version: '5.0.1' });
    app.addPackage('node_modules/.pnpm/@acme+kit@3.0.0/node_modules/@acme/kit', {
      name: '@acme/kit',
      version: '3.0.0',
    });
    app.addPackage('node_modules/loaded-lib', { name: 'loaded-lib', version: '9.9.9', main: 'index.js' });
    mkdirSync(join(app.dir, 'src', 'deep'), { recursive: true });
  });
  after(() => app.remove());

  const versions = (name: string, base = app.dir) =>
    findPackageCopies(name, [base]).map((c) => `${c.version}:${c.source}`);

  it('finds the copy the app resolves, with its version', () => {
    const [copy] = findPackageCopies('top-lib', [app.dir]);
    assert.equal(copy?.version, '2.3.4');
    assert.equal(copy?.source, 'resolved');
    assert.equal(copy?.path, realpathSync(join(app.dir, 'node_modules', 'top-lib')));
  });

  it('walks node_modules up from a sub-folder of the app', () => {
    assert.deepEqual(versions('top-lib', join(app.dir, 'src', 'deep')), ['2.3.4:resolved']);
  });

  it('finds an ESM-only package whose exports map hides package.json', () => {
    const appRequire = createRequire(join(app.dir, 'index.js'));
    assert.throws(() => appRequire.resolve('esm-only-lib/package.json'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    assert.deepEqual(versions('esm-only-lib'), ['1.2.0:resolved']);
  });

  it('finds copies nested under other packages, scoped hosts and the pnpm store included', () => {
    assert.deepEqual(versions('nested-lib').sort(), ['5.0.1:nested', '6.1.0:nested']);
    assert.deepEqual(versions('@acme/kit'), ['3.0.0:nested']);
  });

  it('finds a copy already loaded though no base folder reaches it', () => {
    createRequire(join(app.dir, 'index.js'))('loaded-lib');
    const elsewhere = join(app.dir, '..');
    assert.deepEqual(versions('loaded-lib', elsewhere), ['9.9.9:loaded']);
  });

  it('finds nothing for a package that is not installed', () => {
    assert.deepEqual(findPackageCopies('not-installed-lib', [app.dir]), []);
  });
});
