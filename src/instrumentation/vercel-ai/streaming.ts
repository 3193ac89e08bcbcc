/**
 * Ending `streamText` spans when the SDK does not: a consumer that stops reading (its branch of
 * the result's tee is cancelled, the pipeline just pauses) or a provider stream that fails
 * (the SDK's `flush` never runs: vercel/ai #20586) would leave the operation and its step open
 * forever. Each branch the result hands out (`textStream`, `fullStream`, ... all come from its
 * `teeStream()`) is read through a small observer that ends what is still open.
 */
import { reportInternalError } from '../../diag/internal-errors.js';

type Branch = ReadableStream<unknown>;

/** `branch`, read through a stream that tells `onStop` when it fails or is cancelled. */
function observeBranch(branch: Branch, onStop: (error: unknown) => void): Branch {
  const reader = branch.getReader();
  return new ReadableStream<unknown>({
    async pull(controller) {
      let chunk: { done: boolean; value?: unknown };
      try {
        chunk = await reader.read();
      } catch (error) {
        onStop(error);
        controller.error(error);
        return;
      }
      if (chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
    cancel(reason) {
      onStop(undefined);
      return reader.cancel(reason);
    },
  });
}

/**
 * Makes `result` (a `streamText` result of ai 5, 6 or 7) call `abandon` (which ends the call's
 * open spans) when a branch stops early. Only the instance's own `teeStream` is replaced; a result
 * without one is left alone.
 */
export function observeStreamResult(result: unknown, abandon: (error: unknown) => void): void {
  try {
    const target = result as { teeStream?: unknown } | null;
    if (target === null || typeof target !== 'object' || typeof target.teeStream !== 'function') return;
    const tee = target.teeStream as (this: unknown) => Branch;
    const onStop = (error: unknown): void => {
      try {
        abandon(error);
      } catch (internal) {
        reportInternalError('vercel-ai.streamStop', internal);
      }
    };
    Object.defineProperty(target, 'teeStream', {
      configurable: true,
      writable: true,
      value: function teeStream(this: unknown): Branch {
        const branch = tee.call(this);
        try {
          return branch instanceof ReadableStream ? observeBranch(branch, onStop) : branch;
        } catch (error) {
          reportInternalError('vercel-ai.teeStream', error);
          return branch;
        }
      },
    });
  } catch (error) {
    reportInternalError('vercel-ai.observeStreamResult', error);
  }
}
