/** `noveum-trace/fastify`: server spans for Fastify. See docs/propagation.md. */
export { traceRequests } from './middleware/fastify/index.js';
export type { FastifyRequestLike, FastifyTracingOptions, FastifyTracingPlugin } from './middleware/fastify/index.js';
export type { PathPattern, ServerTracingOptions } from './middleware/options.js';
