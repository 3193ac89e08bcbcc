/**
 * The decorators compiled by tsc with legacy `experimentalDecorators` in a TypeScript consumer
 * of the built .d.ts, run as ESM and CJS. (The TC39 standard compilation of the same class runs
 * in brief-samples.test.ts, sharing that file's tsc program.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { compileTypeScriptConsumers, type TypeScriptConsumers } from '../../helpers/ts-consumer.js';
import {
  DECORATED_SCENARIO,
  DECORATED_SETUP,
  checkDecoratedReport,
  type DecoratedReport,
} from './decorated-scenario.js';

describe('decorators compiled by tsc as legacy experimentalDecorators in a TypeScript consumer', () => {
  let consumers: TypeScriptConsumers;
  /** Both formats' runs, started together in `before`. */
  const runs = new Map<ModuleFormat, Promise<ConsumerResult>>();
  before(() => {
    consumers = compileTypeScriptConsumers(
      { decorated: DECORATED_SCENARIO },
      { prelude: DECORATED_SETUP, compilerOptions: { experimentalDecorators: true } }
    );
    for (const format of FORMATS) runs.set(format, consumers.run('decorated', format));
  });
  after(() => Promise.allSettled(runs.values()));

  it('type-check against the built .d.ts', () => {
    assert.deepEqual(consumers.diagnostics, []);
  });

  for (const format of FORMATS) {
    it(`trace sync, async, generator, static and throwing methods from ${format}`, async () => {
      const result = await runs.get(format)!;
      assert.equal(result.code, 0, result.stderr);
      checkDecoratedReport(result.reports[0] as DecoratedReport);
    });
  }
});
