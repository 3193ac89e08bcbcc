// A span exporter wrapper for the OpenTelemetry-based peers: counts the spans its inner exporter
// reported as exported, so the bench can check that each round's spans really left (the
// BatchSpanProcessor drops silently when its queue is full).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Wraps `inner` (an OTel SpanExporter); `counts.exported` / `counts.failed` are span counts.
 * `settled()` resolves once every export started so far has reported: the BatchSpanProcessor's
 * `forceFlush()` does not wait for a batch its timer or a full batch already sent, so after an
 * asynchronous exporter's flush some spans may still be on their way (the micro rounds wait).
 */
export function countingExporter(inner) {
  const counts = { exported: 0, failed: 0 };
  const inFlight = new Set();
  const exporter = {
    export(spans, done) {
      let settle;
      const reported = new Promise((resolve) => (settle = resolve));
      inFlight.add(reported);
      inner.export(spans, (result) => {
        if (result.code === 0) counts.exported += spans.length;
        else counts.failed += spans.length;
        inFlight.delete(reported);
        settle();
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
  return { exporter, counts, settled: () => Promise.all([...inFlight]) };
}

/** OTLP/HTTP JSON to the sink, as an app would point the OTel SDK at a local collector. */
export function otlpToSink(sinkUrl, options = {}) {
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: `${sinkUrl}/v1/traces`, ...options });
}
