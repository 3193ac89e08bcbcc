/**
 * Watches a Fetch `Response` body so a server span ends when the body has been sent (a
 * streamed answer, SSE from an LLM) or when the client goes away (the stream is cancelled).
 * The body is read through a new stream only when there is one; a response without a body
 * is returned as is.
 */
import { reportInternalError } from '../diag/internal-errors.js';

/** `response`, or a copy whose body calls `onEnd` once it is done, failed or cancelled. */
export function observeResponseBody(response: Response, onEnd: (error?: unknown) => void): Response {
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
          const { done, value } = await reader.read();
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
