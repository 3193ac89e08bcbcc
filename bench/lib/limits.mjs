// "What limits it" notes for budget lines that miss, keyed by budget-line id (see report.mjs).
// Written from `node --cpu-prof` profiles of the workloads; update them when the profile changes.
export const LIMITS = {
  call1k:
    'the instrumented call itself (see the OpenAI instrumentation profile); on this shared 2-core machine the pass-to-pass noise of a ~600 µs localhost call is of the same order as the budget.',
  call1kPeers: 'follows from the 1 KB line: the ratio is only meaningful once our added time is above the noise.',
  call100k: 'copying/serialising 100 KB of messages and output into attributes on the caller path.',
  stall: 'serialisation of large payloads in one synchronous step during export.',
  chunk: 'per-chunk work in the stream wrapper.',
  sampledOut: 'the sampler call and NonRecordingSpan allocation at each root.',
  recorded:
    'per-span allocation (RecordingSpan with its attribute, event and link containers), id generation from the random pool, two clock reads, and the open-span Map used for parentSpanId lookups.',
  vsOtel: 'see the recorded-span line.',
  import: 'module count of the ESM graph loaded at import.',
  heap: 'the queue bound of the batch processor.',
};
