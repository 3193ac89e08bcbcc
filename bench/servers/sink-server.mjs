// An HTTP sink on 127.0.0.1 that accepts anything every SDK sends (Noveum, OTLP, LangSmith,
// Langfuse, Braintrust) and answers the few calls that need a plausible body, so no SDK
// ever reaches the internet. It counts requests and bytes for the export workload.
import { createServer } from 'node:http';

const stats = { requests: 0, bytes: 0, byPath: {} };

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function route(req, res, url, sinkUrl) {
  if (url.pathname === '/__stats') return reply(res, 200, stats);
  if (url.pathname === '/__reset') {
    stats.requests = 0;
    stats.bytes = 0;
    stats.byPath = {};
    return reply(res, 200, {});
  }
  // Braintrust: login, project registration and the server's version/limits.
  if (url.pathname.endsWith('/api/apikey/login')) {
    return reply(res, 200, {
      org_info: [{ id: 'org-bench', name: 'bench', api_url: sinkUrl, proxy_url: sinkUrl, git_metadata: null }],
    });
  }
  if (url.pathname.endsWith('/api/project/register'))
    return reply(res, 200, { project: { id: 'proj-bench', name: 'bench' } });
  if (url.pathname.endsWith('/version')) return reply(res, 200, { logs3_payload_max_bytes: null });
  // LangSmith asks for server info (batch limits); everything else just gets 200 {}.
  if (url.pathname.endsWith('/info')) return reply(res, 200, { version: 'bench', batch_ingest_config: {} });
  return reply(res, 200, {});
}

/** Starts the sink; resolves to { server, url, stats }. */
export function startSinkServer(port = 0) {
  let sinkUrl = '';
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c) => {
      bytes += c.length;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!url.pathname.startsWith('/__')) {
        stats.requests++;
        stats.bytes += bytes;
        const key = `${req.method} ${url.pathname}`;
        stats.byPath[key] = (stats.byPath[key] ?? 0) + 1;
      }
      route(req, res, url, sinkUrl);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      sinkUrl = `http://127.0.0.1:${server.address().port}`;
      resolve({ server, url: sinkUrl, stats });
    });
  });
}
