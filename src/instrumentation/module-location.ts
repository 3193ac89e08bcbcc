/**
 * A `require` that resolves from this package's own files, in both builds. The ESM build has no
 * `__filename` and the CommonJS build cannot mention `import.meta`, so the file name comes from
 * `__filename` when it exists and otherwise from V8's structured stack trace.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

function fromStack(): string | undefined {
  const previous = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[] | undefined;
    const name = Array.isArray(frames) ? frames[0]?.getFileName() : undefined;
    if (typeof name !== 'string' || name === '') return undefined;
    return name.startsWith('file:') ? fileURLToPath(name) : name;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** This module's file path (a best effort; undefined if neither method works). */
export function ownFilePath(): string | undefined {
  return typeof __filename === 'string' ? __filename : fromStack();
}

let cached: NodeJS.Require | undefined;

/** `require` relative to this package (falls back to the working directory). */
export function ownRequire(): NodeJS.Require {
  cached ??= createRequire(ownFilePath() ?? `${process.cwd()}/`);
  return cached;
}

/** `require` relative to the application (working directory). */
export function appRequire(): NodeJS.Require {
  return createRequire(`${process.cwd()}/`);
}
