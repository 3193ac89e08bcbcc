/** `noveum-trace/next`: server spans for Next.js App Router route handlers. See docs/propagation.md. */
export { traceRoute } from './middleware/next/index.js';
export type { NextRouteTracingOptions } from './middleware/next/index.js';
export type { PathPattern, ServerTracingOptions } from './middleware/options.js';
