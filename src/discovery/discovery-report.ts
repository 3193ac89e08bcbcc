/**
 * What auto-discovery did, per library: instrumented (with the version and traced methods) or
 * skipped with the reason. `console.log(report)` prints a small table; `JSON.stringify` gives
 * the plain data; `${report}` gives the instrumented libraries.
 */
import type { PackageCopy } from './locate-package.js';

/** Why a library was not instrumented. */
export type SkipReason = 'not-installed' | 'unsupported-version' | 'disabled' | 'failed' | 'unknown';

/** One installed copy, and whether its version is supported. */
export interface FoundCopy extends PackageCopy {
  readonly supported: boolean;
}

/** A library that is now traced (copies loaded later are traced too). */
export interface InstrumentedLibrary {
  readonly name: string;
  readonly packageName: string;
  /** Version of the copy the application resolves (or the first supported copy found). */
  readonly version: string | undefined;
  /** Traced method paths, e.g. `chat.completions.create`. */
  readonly methods: readonly string[];
  readonly copies: readonly FoundCopy[];
}

/** A library left untraced, and why. */
export interface SkippedLibrary {
  readonly name: string;
  readonly reason: SkipReason;
  /** One sentence for people, e.g. `openai@4.0.0 is outside the supported range >=5.0.0 <8`. */
  readonly message: string;
  /** The supported range, for `unsupported-version` (and every known library). */
  readonly supportedVersions: string | undefined;
  /** The versions found, for `unsupported-version` and `failed`. */
  readonly versions: readonly string[];
  /** The error message, for `failed`. */
  readonly error: string | undefined;
  readonly copies: readonly FoundCopy[];
}

/** The plain data of a report, as `toJSON()` returns it. */
export interface DiscoveryReportData {
  readonly instrumented: readonly InstrumentedLibrary[];
  readonly skipped: readonly SkippedLibrary[];
}

const REASON_LABEL: Readonly<Record<SkipReason, string>> = {
  'not-installed': 'not installed',
  'unsupported-version': 'unsupported version',
  disabled: 'disabled',
  failed: 'failed',
  unknown: 'unknown library',
};

// The symbol behind util.inspect.custom, without importing node:util into this module.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The result of `discoverAndInstrument()`. */
export class DiscoveryReport implements DiscoveryReportData {
  readonly instrumented: readonly InstrumentedLibrary[];
  readonly skipped: readonly SkippedLibrary[];

  /** Entries that are not plain records of the documented shape are left out (discovery never builds them). */
  constructor(instrumented: readonly InstrumentedLibrary[], skipped: readonly SkippedLibrary[]) {
    this.instrumented = wellFormed(instrumented, (l) => ({
      name: text(l.name) ?? '?',
      packageName: text(l.packageName) ?? text(l.name) ?? '?',
      version: text(l.version),
      methods: texts(l.methods),
      copies: list(l.copies) as FoundCopy[],
    }));
    this.skipped = wellFormed(skipped, (s) => ({
      name: text(s.name) ?? '?',
      reason: typeof s.reason === 'string' && s.reason in REASON_LABEL ? (s.reason as SkipReason) : 'unknown',
      message: text(s.message) ?? '',
      supportedVersions: text(s.supportedVersions),
      versions: texts(s.versions),
      error: text(s.error),
      copies: list(s.copies) as FoundCopy[],
    }));
  }

  /** Names of the instrumented libraries, e.g. `['openai']`. */
  get names(): string[] {
    return this.instrumented.map((l) => l.name);
  }

  /** Skipped libraries whose instrumentation threw or reported a failure. */
  get failed(): readonly SkippedLibrary[] {
    return this.skipped.filter((s) => s.reason === 'failed');
  }

  /** True when `name` was instrumented. */
  isInstrumented(name: string): boolean {
    return this.instrumented.some((l) => l.name === name);
  }

  /** The plain data, for `JSON.stringify(report)`. */
  toJSON(): DiscoveryReportData {
    return { instrumented: this.instrumented, skipped: this.skipped };
  }

  /** The instrumented libraries with their versions, e.g. `openai@6.3.0`, or `none`. */
  toString(): string {
    const names = this.instrumented.map((l) => (l.version === undefined ? l.name : `${l.name}@${l.version}`));
    return names.length === 0 ? 'none' : names.join(', ');
  }

  /** A small table: one row per library with its version, status and details. */
  format(): string {
    const rows: string[][] = [['library', 'version', 'status', 'detail']];
    for (const l of this.instrumented) rows.push([l.name, l.version ?? '?', 'instrumented', l.methods.join(', ')]);
    for (const s of this.skipped) {
      const detail =
        s.reason === 'unsupported-version'
          ? `supported: ${s.supportedVersions ?? '?'}`
          : s.reason === 'failed'
            ? (s.error ?? s.message)
            : s.reason === 'not-installed'
              ? ''
              : s.message;
      rows.push([s.name, s.versions.join(', ') || '-', REASON_LABEL[s.reason], detail]);
    }
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
    const lines = rows.map((r) =>
      `  ${r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ')}`.trimEnd()
    );
    const title = `DiscoveryReport: ${this.instrumented.length} instrumented, ${this.skipped.length} skipped`;
    return [title, ...lines].join('\n');
  }

  [INSPECT](): string {
    return this.format();
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const texts = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** Copies each record of `entries` through `read`; anything unreadable (a throwing getter, a proxy) is left out. */
function wellFormed<T>(entries: unknown, read: (entry: Record<string, unknown>) => T): T[] {
  const out: T[] = [];
  try {
    for (const entry of list(entries)) {
      try {
        if (typeof entry === 'object' && entry !== null) out.push(read(entry as Record<string, unknown>));
      } catch {
        // One unreadable entry; the others stay.
      }
    }
  } catch {
    // An array whose iteration throws.
  }
  return out;
}
