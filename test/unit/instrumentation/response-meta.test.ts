import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_LLM_REQUEST_ID } from '../../../src/core/semconv.js';
import { responseMetaAttributes } from '../../../src/instrumentation/genai/result.js';

/** A response whose headers count their reads. */
function response(requestId: string | null) {
  const reads: string[] = [];
  return {
    reads,
    status: 200,
    headers: {
      get(name: string): string | null {
        reads.push(name);
        return name === 'x-request-id' ? requestId : null;
      },
    },
  };
}

/** A body as a Stainless SDK leaves it: `_request_id` defined, not enumerable. */
function parsedBody(requestId: string | null): object {
  return Object.defineProperty({ id: 'chatcmpl-1' }, '_request_id', { value: requestId, enumerable: false });
}

describe('responseMetaAttributes', () => {
  it("reads the request id from the parsed body's _request_id without a second header lookup", () => {
    const r = response('req_header');
    const attrs = responseMetaAttributes(r, 'x-request-id', parsedBody('req_header'));
    assert.equal(attrs[ATTR_LLM_REQUEST_ID], 'req_header');
    assert.equal(attrs[ATTR_HTTP_RESPONSE_STATUS_CODE], 200);
    assert.deepEqual(r.reads, []);
  });

  it('records no request id when the body says the response had none', () => {
    const r = response(null);
    assert.equal(responseMetaAttributes(r, 'x-request-id', parsedBody(null))[ATTR_LLM_REQUEST_ID], undefined);
    assert.deepEqual(r.reads, []);
  });

  it('falls back to the header for a body without _request_id (a stream, a string, no body)', () => {
    for (const parsed of [undefined, 'text', { id: 'x' }, Object.defineProperty({}, '_request_id', { value: 7 })]) {
      const r = response('req_h');
      assert.equal(responseMetaAttributes(r, 'x-request-id', parsed)[ATTR_LLM_REQUEST_ID], 'req_h');
      assert.deepEqual(r.reads, ['x-request-id']);
    }
  });
});
