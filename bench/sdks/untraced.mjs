// The baseline: no tracing. Its micro "span" is the floor: an object with the same six
// attributes pushed to an array, which is the least any SDK can do to keep the data.
import { SPAN_ATTRIBUTES } from '../lib/fixtures.mjs';

export const label = 'untraced';

export async function create() {
  let buffer = [];
  function floor(_name) {
    const record = {};
    for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) record[SPAN_ATTRIBUTES[a][0]] = SPAN_ATTRIBUTES[a][1];
    buffer.push(record);
    if (buffer.length >= 10_000) buffer = [];
  }
  async function child() {
    floor('child');
    await null;
  }
  return {
    version: `node ${process.version}`,
    flat() {
      floor('op');
    },
    async nested() {
      floor('parent');
      for (let c = 0; c < 3; c++) await child();
    },
    wrap: (client) => client,
    inSpan: (_name, fn) => fn(),
    traced: false,
    flush: async () => {},
    shutdown: async () => {},
  };
}
