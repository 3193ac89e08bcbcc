/** The test fixture's AWS event stream encoder: the frame layout and checksums the SDK verifies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, encodeEventFrame } from '../../fixtures/servers/aws-event-stream.js';

describe('aws-event-stream fixture', () => {
  it('computes the standard CRC-32 check value', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });
  it('frames headers and payload with lengths and both checksums', () => {
    const frame = encodeEventFrame({ ':event-type': 'chunk' }, Buffer.from('{}'));
    const headers = 1 + ':event-type'.length + 1 + 2 + 'chunk'.length;
    assert.equal(frame.readUInt32BE(0), frame.length);
    assert.equal(frame.readUInt32BE(4), headers);
    assert.equal(frame.readUInt32BE(8), crc32(frame.subarray(0, 8)));
    assert.equal(frame.readUInt32BE(frame.length - 4), crc32(frame.subarray(0, frame.length - 4)));
    assert.equal(frame.subarray(12 + headers, frame.length - 4).toString(), '{}');
  });
});
