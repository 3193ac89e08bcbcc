/**
 * Type tests for the middleware entries against the real frameworks' types, compiled by
 * `npm run typecheck`: each middleware is accepted where the framework takes one, and the
 * option pickers receive the framework's own request type.
 */
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { traceRequests as expressTracing } from '../../src/express.js';
import { traceRequests as fastifyTracing } from '../../src/fastify.js';
import { traceRequests as honoTracing } from '../../src/hono.js';
import { traceRoute } from '../../src/next.js';

const app = express();
app.use(expressTracing());
app.use(
  expressTracing({ ignorePaths: ['/health', /^\/metrics/], getUserId: (req) => req.headers['x-user-id']?.toString() })
);
// The picker may take Express's own request type.
app.use(expressTracing({ getSessionId: (req: express.Request) => req.get('x-session-id') }));
// @ts-expect-error ignorePaths takes paths, RegExps or functions
expressTracing({ ignorePaths: [42] });

const fastify = Fastify();
void fastify.register(fastifyTracing);
void fastify.register(fastifyTracing, { ignorePaths: '/health', getSessionId: (request) => request.url });
void fastify.register(fastifyTracing, { getUserId: (request) => request.headers['x-user-id']?.toString() });

const hono = new Hono();
hono.use(honoTracing());
hono.use('/api/*', honoTracing({ getUserId: (c) => c.req.raw.headers.get('x-user-id') }));

export const POST = traceRoute(async (request: Request) => Response.json({ url: request.url }), {
  getUserId: (request) => request.headers.get('x-user-id'),
});
export const GET = traceRoute(
  async (_request: Request, context: { params: Promise<{ id: string }> }) => new Response((await context.params).id),
  { route: '/api/items/[id]' }
);
// The wrapped handler keeps the handler's parameters and resolves to its response.
const returned: Promise<Response> = GET(new Request('http://localhost/api/items/1'), {
  params: Promise.resolve({ id: '1' }),
});
void returned;
