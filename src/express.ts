/** `noveum-trace/express`: server spans for Express 4 and 5. See docs/propagation.md. */
export { traceRequests } from './middleware/express/index.js';
export type { ExpressRequestLike, ExpressResponseLike, ExpressTracingOptions } from './middleware/express/index.js';
export type { PathPattern, ServerTracingOptions } from './middleware/options.js';
