import { operationSpec, type SpanSpec } from '../api/span-specs.js';
import { isAttributeMap } from '../core/span-input.js';
import type { SpanKind } from '../core/types.js';
import {
  applyDecorator,
  createMethodDecorator,
  isDecoratorCall,
  type TraceMethodDecorator,
} from './method-decorator.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMethod = (this: any, ...args: any[]) => any;

/** Options of `@trace(...)`. */
export interface TraceOptions {
  /** Span name; default `ClassName.method`. */
  readonly name?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly kind?: SpanKind;
}

function traceSpec(options: TraceOptions): (qualifiedName: string) => SpanSpec {
  let name: string | undefined;
  let kind: SpanKind | undefined;
  let attributes: TraceOptions['attributes'];
  try {
    ({ name, kind, attributes } = options);
  } catch {
    // Options that cannot be read (a revoked proxy, a throwing getter): the defaults.
  }
  return (qualifiedName) => {
    const spec = operationSpec(name ?? qualifiedName, kind === undefined ? undefined : { kind });
    if (!isAttributeMap(attributes, '@trace')) return spec;
    return { ...spec, attributes: { ...spec.attributes, ...attributes } };
  };
}

/**
 * Traces every call of a method as one span (default name `ClassName.method`), active
 * for everything the method calls. Sync methods stay sync, async ones are traced until
 * their promise settles, generator methods until they are exhausted, returned or thrown.
 * Errors are recorded and rethrown unchanged. Works with TC39 standard decorators and
 * with `experimentalDecorators`; use it bare or with a name or options.
 *
 * @example
 * ```ts
 * class Pipeline {
 *   @trace
 *   async run(query: string) { return this.answer(query); }
 *
 *   @trace({ name: 'rerank', attributes: { 'rerank.model': 'bge' } })
 *   rerank(docs: Doc[]) { return docs.slice(0, 3); }
 * }
 * ```
 */
export function trace(nameOrOptions?: string | TraceOptions): TraceMethodDecorator;
export function trace<This, Args extends unknown[], Return>(
  method: (this: This, ...args: Args) => Return,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>
): (this: This, ...args: Args) => Return;
export function trace<T extends AnyMethod>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<T>
): TypedPropertyDescriptor<T> | void;
export function trace(...args: unknown[]): unknown {
  if (isDecoratorCall(args)) return applyDecorator('trace', args, traceSpec({}));
  const arg = args[0];
  const options: TraceOptions =
    typeof arg === 'string' ? { name: arg } : arg !== null && typeof arg === 'object' ? (arg as TraceOptions) : {};
  return createMethodDecorator('trace', traceSpec(options));
}
