/**
 * Auto-discovery: finds which supported libraries the application has installed (from its own
 * folders, not this package's), instruments each supported one, and reports what it did.
 * One library's failure never stops the others, and nothing here throws.
 */
import { dirname } from 'node:path';
import { diag, warnOnce } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { warnUnknownKeys, type OptionSchema } from '../internal/option-schema.js';
import type { InstrumentationConfig } from '../instrumentation/index.js';
import { CAPTURE_CONFIG_SCHEMA } from '../instrumentation/genai/capture.js';
import { satisfiesRange } from '../instrumentation/version-range.js';
import { DiscoveryReport, type FoundCopy, type InstrumentedLibrary, type SkippedLibrary } from './discovery-report.js';
import { findPackageCopies } from './locate-package.js';
import { SUPPORTED_LIBRARIES, type SupportedLibrary } from './registry.js';

/** Options of `discoverAndInstrument` and `new AutoDiscovery()`. */
export interface DiscoveryOptions {
  /** Only these libraries (by name, e.g. `['openai']`); default every supported one. */
  readonly libraries?: readonly string[];
  /** Libraries to leave alone, e.g. `['openai']`. */
  readonly exclude?: readonly string[];
  /** Folders to resolve packages from; default the working directory and the main script's folder. */
  readonly paths?: readonly string[];
  /** Capture config for every instrumented library (as for `autoInstrument`). */
  readonly config?: InstrumentationConfig;
  /**
   * The libraries to look for; default the built-in registry.
   * @experimental for custom integrations and tests.
   */
  readonly registry?: readonly SupportedLibrary[];
}

const DISCOVERY_OPTION_SCHEMA = {
  libraries: true,
  exclude: true,
  paths: true,
  config: CAPTURE_CONFIG_SCHEMA,
  registry: true,
} as const satisfies OptionSchema<DiscoveryOptions>;

type Outcome = { instrumented: InstrumentedLibrary } | { skipped: SkippedLibrary };

const names = (list: unknown): string[] => (Array.isArray(list) ? list.filter((n) => typeof n === 'string') : []);

/** The application's folders: the working directory and the entry script's folder. */
function defaultBases(): string[] {
  const main = typeof require === 'function' ? require.main?.filename : undefined;
  const entry = main ?? process.argv[1];
  const bases = [process.cwd()];
  if (typeof entry === 'string' && entry !== '') bases.push(dirname(entry));
  return [...new Set(bases)];
}

function skipped(
  lib: SupportedLibrary,
  reason: SkippedLibrary['reason'],
  message: string,
  copies: readonly FoundCopy[] = [],
  error?: string
): { skipped: SkippedLibrary } {
  const versions = [...new Set(copies.flatMap((c) => (c.version === undefined ? [] : [c.version])))];
  return {
    skipped: { name: lib.name, reason, message, supportedVersions: lib.supportedVersions, versions, copies, error },
  };
}

/** Finds, instruments and reports the supported libraries installed in the application. */
export class AutoDiscovery {
  private readonly _options: DiscoveryOptions;

  /** @param options - which libraries, where to look, and the capture config */
  constructor(options: DiscoveryOptions = {}) {
    this._options = typeof options === 'object' && options !== null ? options : {};
  }

  /**
   * Instruments every supported library found. Never throws.
   *
   * @returns the report: what was instrumented, what was skipped and why
   * @example
   * ```ts
   * const report = new AutoDiscovery({ exclude: ['openai'] }).discoverAndInstrument();
   * console.log(report);
   * ```
   */
  discoverAndInstrument(): DiscoveryReport {
    const instrumented: InstrumentedLibrary[] = [];
    const skippedList: SkippedLibrary[] = [];
    try {
      const options = this._options;
      warnUnknownKeys('discovery options', options, DISCOVERY_OPTION_SCHEMA, (m) => warnOnce(m, m), true);
      const registry = Array.isArray(options.registry) ? options.registry : SUPPORTED_LIBRARIES;
      const wanted = options.libraries === undefined ? undefined : new Set(names(options.libraries));
      const excluded = new Set(names(options.exclude));
      this._warnUnknown(registry, [...(wanted ?? []), ...excluded]);
      const bases = options.paths === undefined ? defaultBases() : names(options.paths);
      for (const lib of registry) {
        try {
          const outcome = this._discoverOne(lib, bases, wanted, excluded);
          if ('instrumented' in outcome) instrumented.push(outcome.instrumented);
          else skippedList.push(outcome.skipped);
        } catch (error) {
          // A malformed registry entry: the next one still gets its turn.
          reportInternalError('discovery.entry', error);
        }
      }
      for (const name of wanted ?? []) {
        if (!registry.some((l) => l.name === name))
          skippedList.push({
            name,
            reason: 'unknown',
            message: `${name} is not a supported library`,
            supportedVersions: undefined,
            versions: [],
            copies: [],
            error: undefined,
          });
      }
    } catch (error) {
      reportInternalError('discovery', error);
    }
    const report = new DiscoveryReport(instrumented, skippedList);
    diag.info(`auto-discovery:\n${report.format()}`);
    return report;
  }

  private _warnUnknown(registry: readonly SupportedLibrary[], requested: readonly string[]): void {
    const known = registry.map((l) => l.name);
    for (const name of requested)
      if (!known.includes(name))
        warnOnce(
          `discovery-unknown-${name}`,
          `auto-discovery: unknown library ${JSON.stringify(name)} is ignored; known: ${known.join(', ')}`
        );
  }

  private _discoverOne(
    lib: SupportedLibrary,
    bases: readonly string[],
    wanted: ReadonlySet<string> | undefined,
    excluded: ReadonlySet<string>
  ): Outcome {
    if (excluded.has(lib.name)) return skipped(lib, 'disabled', `${lib.name} is excluded by options.exclude`);
    if (wanted !== undefined && !wanted.has(lib.name))
      return skipped(lib, 'disabled', `${lib.name} is not in options.libraries`);
    let copies: FoundCopy[] = [];
    try {
      copies = lib.packages
        .flatMap((p) => findPackageCopies(p, bases))
        .map((c) => ({ ...c, supported: c.version === undefined || satisfiesRange(c.version, lib.supportedVersions) }));
      return this._instrument(lib, copies, bases, wanted !== undefined);
    } catch (error) {
      return this._failed(lib, copies, error);
    }
  }

  private _instrument(lib: SupportedLibrary, copies: FoundCopy[], bases: readonly string[], asked: boolean): Outcome {
    const packageName = lib.packages[0] ?? lib.name;
    if (copies.length === 0) {
      const message = `${packageName} is not installed (looked from ${bases.join(', ')})`;
      if (asked) warnOnce(`discovery-missing-${lib.name}`, `auto-discovery: ${message}; it is not traced`);
      return skipped(lib, 'not-installed', message);
    }
    const usable = copies.filter((c) => c.supported);
    const first = usable[0];
    if (first === undefined) {
      const found = copies.map((c) => `${c.packageName}@${c.version ?? '?'}`).join(', ');
      const message = `${found} is outside the supported range ${lib.supportedVersions}`;
      warnOnce(`discovery-unsupported-${found}`, `auto-discovery: ${message}; it is left untraced`);
      return skipped(lib, 'unsupported-version', message, copies);
    }
    const methods = lib.instrument(this._options.config === undefined ? {} : { config: this._options.config });
    if (!Array.isArray(methods) || methods.length === 0) throw new Error('no method was enabled');
    return {
      instrumented: { name: lib.name, packageName: first.packageName, version: first.version, methods, copies },
    };
  }

  private _failed(lib: SupportedLibrary, copies: FoundCopy[], error: unknown): Outcome {
    const text = error instanceof Error ? error.message : String(error);
    warnOnce(
      `discovery-failed-${lib.name}`,
      `auto-discovery: could not instrument ${lib.name}: ${text}; it is left untraced`
    );
    diag.debug(`auto-discovery: ${lib.name} failed:`, error);
    return skipped(lib, 'failed', `instrumenting ${lib.name} failed: ${text}`, copies, text);
  }
}

/**
 * Finds the supported AI libraries installed in the application (also ESM-only packages and
 * copies nested under other packages) and instruments each one. Never throws.
 *
 * @param options - `libraries` / `exclude` to choose, `paths` to look from, capture `config`
 * @returns the report; `console.log(report)` prints a table
 * @example
 * ```ts
 * import { discoverAndInstrument, init } from 'noveum-trace';
 * init({ project: 'support-bot' });
 * console.log(discoverAndInstrument()); // openai  6.3.0  instrumented  chat.completions.create, ...
 * ```
 */
export function discoverAndInstrument(options?: DiscoveryOptions): DiscoveryReport {
  return new AutoDiscovery(options).discoverAndInstrument();
}
