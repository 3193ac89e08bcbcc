/**
 * Where `autoInstrument('ai')` can replace the function exports of a loaded `ai`, and the one
 * warning when it cannot. An ES module namespace is read-only unless import-in-the-middle's
 * loader wrapped it, and only an `import` made after the hooks are installed is wrapped; the
 * CommonJS build's exports are read-only getters, replaced by a stand-in only for a `require`
 * that goes through the hook. A copy the app loaded earlier keeps the originals, so its calls
 * are traced only with `experimental_telemetry` given explicitly.
 */
import { warnOnce } from '../../diag/diag.js';

const EXPLICIT = 'or pass experimental_telemetry: { isEnabled: true, tracer: noveumAITracer() } to each call';

const EARLY_ESM =
  "ai: 'ai' was imported before autoInstrument('ai'), and an ES module's exports cannot be replaced after import, so calls made through that import without experimental_telemetry are not traced; " +
  "call autoInstrument('ai') in a module imported before 'ai' (or start node with --import noveum-trace/register), " +
  EXPLICIT;

const EARLY_CJS =
  "ai: 'ai' was loaded with require() before autoInstrument('ai'), and its CommonJS exports cannot be replaced, so calls without experimental_telemetry are not traced; " +
  "call autoInstrument('ai') before requiring 'ai' (or start node with --require noveum-trace/register), " +
  EXPLICIT;

/** True when `generateText` can be replaced on `root` (an import-in-the-middle namespace, a plain object). */
function isWritable(root: object): boolean {
  const d = Object.getOwnPropertyDescriptor(root, 'generateText');
  return d !== undefined && (d.configurable === true || typeof d.set === 'function');
}

// A wrapped ES namespace patched through the import hook: then the app's import was made after
// the loader was installed (import-in-the-middle hands already wrapped copies to a new hook).
let esmHooked = false;
let esmCheckQueued = false;

/**
 * An unwrapped ES namespace found already loaded: warn, unless the hook patches a wrapped copy
 * in the same turn (`autoInstrument` visits loaded copies, then installs the hooks).
 */
function warnEarlyEsmUnlessHooked(): void {
  if (esmCheckQueued) return;
  esmCheckQueued = true;
  queueMicrotask(() => {
    esmCheckQueued = false;
    if (!esmHooked) warnOnce('ai-imported-early', EARLY_ESM);
  });
}

function standInFor(root: object): object {
  const standIn: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(root)) {
    Object.defineProperty(standIn, key, {
      get: () => (root as Record<string, unknown>)[key],
      enumerable: Object.getOwnPropertyDescriptor(root, key)?.enumerable ?? true,
      configurable: true,
    });
  }
  return standIn;
}

/**
 * The object to patch for the `ai` exports `root`: itself when writable, a stand-in reading
 * every export from it for a `require` seen by the hook, or undefined (with one warning naming
 * the fix for a copy the app loaded first; `instrument()` reports its own case).
 */
export function writableAIRoot(
  root: object,
  format: 'cjs' | 'esm',
  origin: 'hook' | 'loaded' | 'given'
): object | undefined {
  if (isWritable(root)) {
    if (format === 'esm' && origin === 'hook') esmHooked = true;
    return root;
  }
  // ai 7 is traced by the integration its own `registerTelemetry` takes, which needs no export
  // replaced: a copy loaded before the hooks is traced too (only its streams' early stops are not).
  if (origin !== 'hook' && typeof (root as { registerTelemetry?: unknown }).registerTelemetry === 'function')
    return root;
  if (origin === 'given') return undefined;
  if (format === 'esm') {
    if (origin === 'loaded') warnEarlyEsmUnlessHooked();
    return undefined;
  }
  if (origin === 'loaded') {
    warnOnce('ai-loaded-early', EARLY_CJS);
    return undefined;
  }
  return standInFor(root);
}
