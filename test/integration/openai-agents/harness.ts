/**
 * Shared pieces of the OpenAI Agents scenarios: the agents of each scenario (built from the
 * module under test, ESM or CommonJS, against the fake server) and a printable span tree.
 */
import type { ReadableSpan } from '../../../src/core/types.js';

/** JSON-schema parameters: the scenarios need no zod. */
export const CITY_PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
} as const;

/**
 * The exported spans as indented lines (`name` or `name [status]`), children in start order,
 * from each root; `only` limits it to the subtree under spans of that name.
 */
export function spanTree(spans: readonly ReadableSpan[], withStatus = false): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const s of spans) {
    const parent = s.parentSpanId !== undefined && ids.has(s.parentSpanId) ? s.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.startTime - b.startTime);
    for (const s of list) {
      lines.push(`${'  '.repeat(depth)}${s.name}${withStatus ? ` [${s.status.code}]` : ''}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

/** The LLM spans among `spans`. */
export function llmSpans(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return spans.filter((s) => s.attributes['noveum.span_type'] === 'llm');
}
