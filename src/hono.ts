/** `noveum-trace/hono`: server spans for Hono. See docs/propagation.md. */
export { traceRequests } from './middleware/hono/index.js';
export type { HonoContextLike, HonoTracingOptions } from './middleware/hono/index.js';
export type { PathPattern, ServerTracingOptions } from './middleware/options.js';
