/**
 * The framework versions each middleware entry supports: the optional peer ranges in
 * package.json (a test keeps the two equal). Upper bounds are the next untested major.
 */
export const MIDDLEWARE_PEERS = {
  express: '>=4.0.0 <6',
  fastify: '>=5.0.0 <6',
  hono: '>=4.0.0 <5',
  next: '>=14.0.0 <17',
} as const;
