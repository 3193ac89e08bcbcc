/** Shared pieces of the in-process OpenAI Agents scenarios: tool parameters and a printable span tree. */
import type { ReadableSpan } from '../../../src/core/types.js';

/** JSON-schema parameters: the scenarios need no zod. */
export const CITY_PARAMETERS = {
  type: 'object' as const,
  properties: { city: { type: 'string' as const } },
  required: ['city'],
  additionalProperties: false as const,
};

/** The exported spans as indented lines (`name`, or `name [status]`), children in start order. */
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
