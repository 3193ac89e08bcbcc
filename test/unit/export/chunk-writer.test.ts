import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyBytes, ChunkWriter } from '../../../src/export/chunk-writer.js';

describe('ChunkWriter', () => {
  it('encodes written text to UTF-8 chunks of about 64 KB that join back to the same text', () => {
    const w = new ChunkWriter();
    const pieces = Array.from({ length: 300 }, (_, i) => `{"i":${i},"t":"${'é✓'.repeat(500)}"},`);
    for (const p of pieces) w.write(p);
    const chunks = w.take();
    assert.ok(chunks.length > 1, 'more than one chunk');
    for (const c of chunks)
      assert.ok(c.toString('utf8').length < 64 * 1024 + 2_000, 'no chunk much past 64 KB of text');
    assert.equal(Buffer.concat(chunks).toString('utf8'), pieces.join(''));
    assert.equal(bodyBytes(chunks), Buffer.byteLength(pieces.join('')));
  });

  it('encodes pieces of every width across chunk borders exactly as Buffer.from of the joined text', () => {
    const w = new ChunkWriter();
    // One-byte, two-byte, three-byte and four-byte characters, a lone surrogate (written as
    // U+FFFD) and empty pieces, in sizes that land on every offset of a 64 KB chunk.
    const alphabet = ['a', 'é', '✓', '😀', '\ud800', '', '"\\'];
    const pieces = Array.from({ length: 4000 }, (_, i) => alphabet[i % alphabet.length]!.repeat(1 + ((i * 37) % 97)));
    pieces.push('x'.repeat(70_000), 'é'.repeat(30_000), 'tail');
    for (const p of pieces) w.write(p);
    const chunks = w.take();
    assert.deepEqual(Buffer.concat(chunks), Buffer.from(pieces.join(''), 'utf8'));
    for (const c of chunks.slice(0, -1)) assert.ok(c.length > 0, 'no empty chunk');
  });

  it('writes ASCII text (a prefix of it when asked) in order with UTF-8 pieces, across chunk borders', () => {
    const w = new ChunkWriter();
    const expected: string[] = [];
    for (let i = 0; i < 400; i++) {
      // JSON.stringify of a long string is a tree of parts: the writer must copy it as it is.
      const json = JSON.stringify(`say "${i}" \\ `.repeat(1 + ((i * 53) % 700)));
      w.writeAscii(json, json.length - 1);
      w.write('é✓');
      expected.push(json.slice(0, -1), 'é✓');
    }
    const big = 'a'.repeat(150_000);
    w.writeAscii(big);
    w.writeAscii('bc', 0);
    expected.push(big);
    assert.equal(Buffer.concat(w.take()).toString('utf8'), expected.join(''));
  });

  it('gives a short body its own small buffer, not a slice of a 64 KB one', () => {
    const w = new ChunkWriter();
    w.write('{"traces":[]}');
    const [chunk] = w.take();
    assert.equal(chunk!.toString(), '{"traces":[]}');
    assert.ok(chunk!.buffer.byteLength < 64 * 1024);
  });

  it('starts a new, empty body after take()', () => {
    const w = new ChunkWriter();
    w.write('first line\n');
    assert.equal(Buffer.concat(w.take()).toString(), 'first line\n');
    w.write('second');
    assert.equal(Buffer.concat(w.take()).toString(), 'second');
    assert.deepEqual(w.take(), []);
  });

  it('writes the JSON of a value with a multi-megabyte string in pieces, exactly as JSON.stringify would', async () => {
    // Escapes, quotes and surrogate pairs at every position, so some fall on a piece border.
    const long = 'a"b\\c\nd\u2028é😀'.repeat(150_000);
    const value = { id: 'x', attributes: { big: long, n: 1, none: undefined }, list: [long.slice(0, 10), null] };
    // Counts the points where the encoder offers the event loop a turn.
    class CountingWriter extends ChunkWriter {
      pauses = 0;
      override pause(): Promise<void> {
        this.pauses++;
        return super.pause();
      }
    }
    const w = new CountingWriter();
    await w.writeJson(value);
    assert.equal(Buffer.concat(w.take()).toString('utf8'), JSON.stringify(value));
    assert.ok(w.pauses >= 20, `one pause per 64 KB piece, got ${w.pauses}`);
  });
});
