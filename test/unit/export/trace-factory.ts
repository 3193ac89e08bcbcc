/** Builds FinishedTrace objects for exporter tests, with real-looking W3C ids. */
import { randomBytes } from 'node:crypto';
import type { Attributes, FinishedTrace, ReadableSpan, Resource } from '../../../src/core/types.js';

export const RESOURCE: Resource = {
  project: 'contract-project',
  environment: 'test',
  serviceVersion: '1.2.3',
  sdkName: 'noveum-trace-ts',
  sdkVersion: '0.1.0',
};

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5) + 0.25;

export function makeSpan(overrides: Partial<ReadableSpan> & { traceId: string; name: string }): ReadableSpan {
  const startTime = overrides.startTime ?? T0;
  const endTime = overrides.endTime ?? startTime + 12.5;
  return {
    kind: 'internal',
    spanId: hex(8),
    parentSpanId: undefined,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'unset' },
    exception: undefined,
    ended: true,
    ...overrides,
    startTime,
    endTime,
    durationMs: endTime - startTime,
  };
}

/** A root with `children` child spans (named `<name>.child<i>`). */
export function makeTrace(name = 'root', children = 2, attributes: Attributes = {}): FinishedTrace {
  const traceId = hex(16);
  const root = makeSpan({ traceId, name, attributes, startTime: T0, endTime: T0 + 100 });
  const kids = Array.from({ length: children }, (_, i) =>
    makeSpan({
      traceId,
      name: `${name}.child${i}`,
      parentSpanId: root.spanId,
      startTime: T0 + i + 1,
      endTime: T0 + i + 2,
    })
  );
  return { traceId, name, rootSpan: root, spans: [...kids, root], startTime: root.startTime, endTime: root.endTime };
}

/** Spans that ended after their root was sent: rootSpan undefined, same trace id. */
export function makeFragment(of: FinishedTrace, count = 1): FinishedTrace {
  const parent = of.rootSpan!.spanId;
  const spans = Array.from({ length: count }, (_, i) =>
    makeSpan({
      traceId: of.traceId,
      name: `late${i}`,
      parentSpanId: parent,
      startTime: of.endTime + i,
      endTime: of.endTime + i + 5,
    })
  );
  return {
    traceId: of.traceId,
    name: of.name,
    rootSpan: undefined,
    spans,
    startTime: spans[0]!.startTime,
    endTime: spans[0]!.endTime,
  };
}
