/** `noveum-trace/express`: server spans for Express 4 and 5, and their route errors. See docs/propagation.md. */
export { traceErrors, traceRequests } from './middleware/express/index.js';
export type { ExpressRequestLike, ExpressResponseLike, ExpressTracingOptions } from './middleware/express/index.js';
export type { PathPattern, ServerTracingOptions } from './middleware/options.js';
