/**
 * URL patterns for `propagation.outgoing.include` / `exclude`: a string is a prefix of the
 * full URL (`https://api.internal.example/`), a RegExp is tested against it, and a function
 * gets it and returns true for a match. Compiled once; a pattern that throws never matches.
 */
import { reportInternalError } from '../diag/internal-errors.js';
import { describeValue, type Warn } from '../internal/validate.js';

export type UrlPattern = string | RegExp | ((url: string) => boolean);
export type UrlMatcher = (url: string) => boolean;

function compileOne(pattern: unknown, option: string, warn: Warn): UrlMatcher | undefined {
  if (typeof pattern === 'string') return (url) => url.startsWith(pattern);
  if (pattern instanceof RegExp) {
    // A global or sticky RegExp keeps lastIndex between calls and would match every other time.
    const re =
      pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
    return (url) => re.test(url);
  }
  if (typeof pattern === 'function') {
    return (url) => {
      try {
        return (pattern as (u: string) => unknown)(url) === true;
      } catch (error) {
        reportInternalError(option, error);
        return false;
      }
    };
  }
  warn(
    `option "${option}" entries must be a string (URL prefix), a RegExp or a function, got ${describeValue(pattern)}; entry ignored`
  );
  return undefined;
}

/** One matcher for a list of patterns (a single pattern is a list of one); undefined when empty. */
export function compileUrlPatterns(value: unknown, option: string, warn: Warn): UrlMatcher | undefined {
  if (value === undefined) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const matchers = list.map((p, i) => compileOne(p, Array.isArray(value) ? `${option}[${i}]` : option, warn));
  const valid = matchers.filter((m): m is UrlMatcher => m !== undefined);
  if (valid.length === 0) return undefined;
  return (url) => valid.some((m) => m(url));
}
