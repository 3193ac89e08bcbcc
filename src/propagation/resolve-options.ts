import { warnUnknownKeys } from '../internal/option-schema.js';
import { describeValue, type Warn } from '../internal/validate.js';
import type { OutgoingFilter } from './outgoing.js';
import type { PropagationOptions } from './types.js';
import { compileUrlPatterns } from './url-pattern.js';

const NO_FILTER: OutgoingFilter = { include: undefined, exclude: undefined };

/** The outgoing filter `init()` installs, or undefined when outgoing propagation is off. */
export function resolvePropagation(value: PropagationOptions | undefined, warn: Warn): OutgoingFilter | undefined {
  if (value === undefined) return NO_FILTER;
  if (value === null || typeof value !== 'object') {
    warn(`option "propagation" must be an object, got ${describeValue(value)}; using the defaults`);
    return NO_FILTER;
  }
  const outgoing: unknown = value.outgoing;
  if (outgoing === undefined || outgoing === true) return NO_FILTER;
  if (outgoing === false) return undefined;
  if (outgoing === null || typeof outgoing !== 'object' || Array.isArray(outgoing)) {
    warn(
      `option "propagation.outgoing" must be false or an object { include, exclude }, got ${describeValue(outgoing)}; propagating to every URL`
    );
    return NO_FILTER;
  }
  warnUnknownKeys(
    'init()',
    outgoing,
    { include: true, exclude: true },
    (m) => warn(m.replace('"', '"propagation.outgoing.')),
    true
  );
  const o = outgoing as { include?: unknown; exclude?: unknown };
  return {
    include: compileUrlPatterns(o.include, 'propagation.outgoing.include', warn),
    exclude: compileUrlPatterns(o.exclude, 'propagation.outgoing.exclude', warn),
  };
}
