/** Finding an SDK's client class in whatever its module hands over. */

/**
 * The client class from a module's exports: CJS `module.exports`, an ESM namespace, a `default`
 * export, or the class itself. A candidate counts when it is a function with the static
 * `marker` class the SDK attaches (`Chat` for OpenAI, `Messages` for Anthropic), so a look-alike
 * export is left alone.
 *
 * @param moduleExports - what the hook or the user handed over
 * @param exportName - the class's export name (`OpenAI`, `Anthropic`)
 * @param marker - a static property every supported version's client class has
 * @returns the class, or undefined for a shape we do not know
 */
export function resolveClientClass(moduleExports: unknown, exportName: string, marker: string): object | undefined {
  const m = moduleExports as Record<string, unknown> | null | undefined;
  try {
    const fallback = m?.['default'] as Record<string, unknown> | undefined;
    for (const candidate of [m?.[exportName], fallback, fallback?.[exportName], m]) {
      if (
        typeof candidate === 'function' &&
        typeof (candidate as unknown as Record<string, unknown>)[marker] === 'function'
      )
        return candidate;
    }
  } catch {
    // A getter that throws is a shape we do not know: leave that copy untraced.
  }
  return undefined;
}
