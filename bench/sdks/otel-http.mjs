// OpenTelemetry's HTTP-side instrumentations for the "across services" workload: the HTTP server
// and client (`@opentelemetry/instrumentation-http`), Express's routers and middleware, and
// `fetch` (`@opentelemetry/instrumentation-undici`), with W3C trace context and baggage
// propagation, as an app with the OpenTelemetry SDK would set them up.
import { createRequire } from 'node:module';
import { pkgVersion } from '../lib/versions.mjs';
import { UNPROPAGATED_PATH } from '../macro/paired-http.bench.mjs';

const require = createRequire(import.meta.url);

const PACKAGES = [
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-undici',
];

/**
 * Enables the three instrumentations on `provider`; returns the versions line. The workload's
 * side A requests (header `x-bench-side: a`) are left out: the HTTP instrumentation patches the
 * process's one `http` module, so it would trace the untraced app's requests too. `fetch` spans
 * only inside a trace (`requireParentforSpans`), as the untraced side's fetches have none, and
 * none for the workload's unpropagated path.
 */
export function enableHttpInstrumentations(api, provider) {
  const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
  api.propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] })
  );
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
  const instrumentations = [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.headers['x-bench-side'] === 'a' }),
    new ExpressInstrumentation(),
    new UndiciInstrumentation({
      requireParentforSpans: true,
      ignoreRequestHook: (req) => req.path.endsWith(UNPROPAGATED_PATH),
    }),
  ];
  for (const i of instrumentations) {
    i.setTracerProvider(provider);
    i.enable();
  }
  // Loaded after the instrumentations' hooks, so the built-in module is the patched one.
  require('node:http');
  return PACKAGES.map((p) => `${p} ${pkgVersion(p)}`).join(', ');
}
