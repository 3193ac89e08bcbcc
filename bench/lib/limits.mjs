// "What limits it" notes for budget lines that miss, keyed by budget-line id (see report.mjs).
// Written from `node --cpu-prof` profiles of the workloads; update them when the profile changes.
export const LIMITS = {
  call1kIp:
    'read it with the spread between processes in mind (compare the two noveum-trace rows of 2b); then profile it again: the last profiles put the caller path at span start and end (~1.5 µs), the request and response mappers with the message snapshot (~2.5 µs), and the export of the trace on the same thread for the rest.',
  call1k:
    'noise, first: on this shared 2-core machine a loopback call moves by tens of µs from run to run (the no-op-exporter row read 4.6 µs and then 52 µs added in two runs an hour apart, with nearly the same code), so the in-process line is the figure to read. Over HTTP the added time also holds the export of every trace (serialise, gzip on the thread pool, POST to the local sink) competing for the same two cores as the fake server and the sink.',
  call1kPeersIp:
    "the leanest peer, OpenTelemetry with contrib's instrumentation-openai, puts no message content in its spans (content goes to log events, which go nowhere without a logger provider), while we capture the prompt and the completion and export them. Ten times less than its figure would be under 2 µs, about what reading the response and starting and ending one span with its attributes cost alone.",
  call1kPeers: 'see the loopback HTTP line above: at this noise level the ratio is not measurable over HTTP.',
  call100kIp:
    "mostly export work on the same thread: the captured 100 KB prompt is cut to `maxInputLength` (20,000 characters) and JSON-escaped once, at export (about 20 µs for 20 K characters), the completion is cut likewise, and the batch is serialised and encoded. The caller's own path is about 15 µs. Over loopback HTTP this work overlaps the network wait. The OpenTelemetry contrib row records no content, hence its lower figure; with `capture.inputs`/`capture.outputs` off ours drops accordingly.",
  call100k:
    "the export of each 100 KB trace (the prompt and completion cut to 20,000 characters, JSON-escaped, gzipped and posted) runs on the same two cores as the fake server and the sink; see the in-process line for the SDK's own CPU, and the no-op-exporter row for the caller's path without export.",
  stall:
    'the untraced app itself stalls in this phase (the client serialises and parses 100 KB bodies, and that is in the untraced figure), so the budget cannot hold absolutely; the export adds a few ms at worst. Its own slices yield every 2 ms; what remains is young-generation GC copying the queued large strings, and pre-emption on the shared 2 cores.',
  chunkIp:
    "one promise reaction per chunk is how a stream is observed without reading ahead or replacing the SDK's Stream (a side `.then` on each `next()`, registered before the caller's), plus accumulating the text and the time of the last chunk: about 0.4 µs of it. The rest is GC of those reactions.",
  chunk: 'see the in-process line: over HTTP the per-chunk difference is within the noise of a 3 ms stream.',
  sampledOut: 'the sampler call and NonRecordingSpan allocation at each root.',
  recorded:
    'per-span allocation (the span, its trace record and attributes object), two clock reads and two ids from the pooled random hex.',
  vsOtel: 'see the recorded-span line.',
  import: 'the node built-ins the bundle loads at import (http, https, zlib, crypto).',
  heap: 'the queue bound of the batch processor.',
};
