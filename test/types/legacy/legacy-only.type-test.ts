/**
 * Cases that only make sense with `experimentalDecorators`: decorators applied by hand
 * with a property descriptor, as older code and libraries do.
 */
import { trace, traceLLM } from '../../../src/index.js';

class Manual {
  run(a: number): number {
    return a;
  }
}

const descriptor = Object.getOwnPropertyDescriptor(Manual.prototype, 'run') as TypedPropertyDescriptor<
  (a: number) => number
>;
export const traced = trace(Manual.prototype, 'run', descriptor);
export const llm = traceLLM({ model: 'gpt-4' })(Manual.prototype, 'run', descriptor);
// @ts-expect-error the descriptor must hold a method
trace(Manual.prototype, 'value', { value: 42 } as TypedPropertyDescriptor<number>);
