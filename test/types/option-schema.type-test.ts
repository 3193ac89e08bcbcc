/**
 * Type tests for the option schemas the unknown-key check walks, compiled by `npm run typecheck`:
 * each schema has exactly the keys of its options type, nested objects included, so the check
 * cannot drift from the types (a missing or extra key fails here and at the schema itself).
 */
import type { INIT_OPTION_SCHEMA } from '../../src/api/init-schema.js';
import type { InitOptions } from '../../src/api/options.js';
import type { ExportOptions } from '../../src/export/types.js';
import type { CAPTURE_CONFIG_SCHEMA } from '../../src/instrumentation/genai/capture.js';
import type { InstrumentationConfig } from '../../src/instrumentation/types.js';
import type { OptionSchema } from '../../src/internal/option-schema.js';
import type { RedactionOptions } from '../../src/redact/types.js';
import type { SamplingOptions } from '../../src/sampling/types.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T): void => undefined;

type S = typeof INIT_OPTION_SCHEMA;
expectType<Equal<keyof S, keyof InitOptions>>(true);
expectType<Equal<keyof S['export'], keyof ExportOptions>>(true);
expectType<Equal<keyof S['sampling'], keyof SamplingOptions>>(true);
expectType<Equal<keyof S['redaction'], keyof RedactionOptions>>(true);
expectType<Equal<keyof S['capture'], keyof NonNullable<InitOptions['capture']>>>(true);
expectType<Equal<keyof S['otlp'], keyof NonNullable<InitOptions['otlp']>>>(true);
expectType<Equal<keyof S['file'], keyof NonNullable<InitOptions['file']>>>(true);
expectType<Equal<keyof typeof CAPTURE_CONFIG_SCHEMA, keyof InstrumentationConfig>>(true);

// A schema that misses a key, adds one, or flattens a nested options object is refused.
// @ts-expect-error `enabled` is missing
const _missing: OptionSchema<{ a?: number; enabled?: boolean }> = { a: true };
// @ts-expect-error `bogus` is not an option
const _extra: OptionSchema<{ a?: number }> = { a: true, bogus: true };
// @ts-expect-error a nested options object needs its own schema
const _flat: OptionSchema<{ nested?: { b?: number } }> = { nested: true };
// A free-form map (headers) and arrays are leaves.
const _leaves: OptionSchema<{ headers?: Record<string, string>; list?: readonly string[] }> = {
  headers: true,
  list: true,
};
void [_missing, _extra, _flat, _leaves];
