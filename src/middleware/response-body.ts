/**
 * Watches a Fetch `Response` body so a server span ends when the body has been sent (a
 * streamed answer, SSE from an LLM) or when the client goes away (the stream is cancelled).
 * The body is read through a new stream only when there is one; a response without a body
 * is returned as is.
 */
import { reportInternalError } from '../diag/internal-errors.js';

/** Runs a function in the server span's context. */
export type RunInSpan = <R>(fn: () => R) => R;

/**
 * `response`, or a copy whose body calls `onEnd` once it is done, failed or cancelled. Each
 * read of the original body goes through `run`: a stream that produces on `pull` (an LLM
 * answer relayed chunk by chunk) then does that work inside the server span, not in the
 * context of whoever reads the response.
 */
export function observeResponseBody(response: Response, onEnd: (error?: unknown) => void, run: RunInSpan): Response {
  const body = response.body;
  if (body === null || body.locked) {
    onEnd();
    return response;
  }
  try {
    const reader = body.getReader();
    let ended = false;
    const end = (error?: unknown): void => {
      if (ended) return;
      ended = true;
      onEnd(error);
    };
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await run(() => reader.read());
          if (done) {
            controller.close();
            end();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          controller.error(error);
          end(error);
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    });
    return new Response(watched, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    reportInternalError('middleware.responseBody', error);
    onEnd();
    return response;
  }
}
