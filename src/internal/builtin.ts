/**
 * Node built-ins that only some users need (http, https, zlib, worker_threads, crypto, net),
 * loaded on first use instead of at import. Loading them is most of what a cold import of the
 * package would otherwise cost, and an app that never exports over HTTP, gzips, flushes from
 * a dying process or redacts an IPv6 address never pays for the module that does it.
 */
import { createRequire } from 'node:module';

type GetBuiltin = (id: string) => unknown;

let fallback: NodeJS.Require | undefined;

function load(id: string): unknown {
  // process.getBuiltinModule (Node >= 20.16) skips the app's require hooks; older 20.x use require.
  const get = (process as { getBuiltinModule?: GetBuiltin }).getBuiltinModule;
  if (typeof get === 'function') return get.call(process, id);
  fallback ??= createRequire(process.execPath);
  return fallback(id);
}

/** A getter for built-in module `id` (`node:http`, ...) that loads it on the first call. */
export function lazyBuiltin<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(id) as T);
}
