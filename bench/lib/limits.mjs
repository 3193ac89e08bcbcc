// "What limits it" notes for budget lines that miss, keyed by budget-line id (see report.mjs and
// report-paired.mjs). Each note says where the cost is, as far as the tables of the same page and
// the last profiles show it; update them when a profile changes the picture.
export const LIMITS = {
  call1k:
    'compare the two noveum-trace rows of table 1: the difference between the sink row and the no-op-exporter row is the export of each round (redact, serialise, POST; no gzip to a loopback sink), charged to the round since the flush is inside it; the rest is the caller path (span start and end, the request and response mappers, the message snapshot). By instruction counts (callgrind) serialising is about 100k instructions per 1 KB trace (the trace and span records are written from templates); about 60k of that is V8 escaping the two captured texts, which Node 20’s `JSON.stringify` does on its slow path for strings of this size, and the wire format escapes the messages twice (they are JSON text inside a JSON string). Node’s own http client is about 0.86M instructions per request, about half of it V8 still compiling its code, since one request per flush keeps it from warming up: about 34k per call at 25 calls per flush, about 3× less per call at 100 (the default batch size). Measured in one process with the rounds interleaved ([`bench/tools-export-paired.mjs`](https://github.com/noveum/noveum-trace-ts/blob/main/bench/tools-export-paired.mjs)), the export costs what `export()` costs: there is no other cost in the pipeline around it.',
  call1kContrib:
    "contrib's instrumentation-openai puts no message content in its spans (content goes to log events, which go nowhere without a logger provider), while we capture the prompt and the completion and export them; matching it means capturing and exporting content for about what it costs to record a span without.",
  call100k:
    'the captured 100 KB prompt and completion are cut to the capture limit (20 KB each), serialised at export (the messages JSON, then escaped again as a string of the body: three 20 KB passes of Node 20’s `JSON.stringify` at about 25 instructions per character, about 170 µs per call and half of the instructions tracing adds) and posted inside the round; the no-op-exporter row shows the part paid before export, and the main-thread column shows how much of it stays on the caller’s thread. Captures waiting for export no longer reach the old generation in these rounds (about 1.4 KB more promoted per 100 KB call than untraced); at the default batch size a batch leaves once about 1 MiB waits, which bounds it.',
  peers1k: 'see the 1 KB line: the export of each captured call is most of our figure.',
  peers100k: 'see the 100 KB line: the export of each captured call is most of our figure.',
  stall:
    'the export of a round of 100 KB traces runs on the main thread between calls (compare the gap of the no-op-exporter row, which exports nothing); where inside it the time goes needs a profile (`--cpu-prof`, GC traces).',
  chunk:
    "by instruction counts (callgrind, Anthropic, no-op exporter, compiles excluded) tracing adds about 0.9M instructions per 500-chunk stream, about 107 µs: one promise reaction per chunk (about 370 instructions, how a stream is observed without reading ahead or replacing the SDK's Stream), the text accumulated in blocks, and the span. The rest of this row is the export of the stream's trace in the round and the garbage its chunks leave; the row's interval is wide (see the A/A line).",
  sampledOut: 'the sampler call and NonRecordingSpan allocation at each root.',
  recorded:
    'setting the six attributes (V8 adds each new property to a fresh object: about 1,300 instructions), the hex of two ids from the pooled random bytes, two clock reads and the span’s construction (callgrind: about 5,000 instructions per recorded span).',
  vsOtel: 'see the recorded-span line.',
  import:
    'parsing the ~470 KB bundle (about half of the import, by instruction counts; 200 KB of it is the integrations), the ES module loader and the built-ins every user needs (perf_hooks, fs, async_hooks); http, https, zlib, crypto and worker_threads load on first use, so init() pays for http and https when outgoing propagation is on (the default).',
  heap: 'the queue bound of the batch processor.',
};
