/** What a span keeps of names, messages and thrown values: bounded, and read without throwing. */
import { safeStringify, truncate } from '../internal/safe-stringify.js';
import type { AttributeLimits } from './attributes.js';
import type { RecordedException } from './types.js';

/** A name or message cut like an attribute value: a 1 MB name would otherwise be sent whole with every export. */
export function boundedName(name: string, limits: AttributeLimits): string {
  return name.length > limits.maxAttributeLength ? truncate(name, limits.maxAttributeLength) : name;
}

/** An exception's texts cut like attribute values: a 1 MB message is kept to the limit, marked. */
export function boundedException(e: RecordedException, limits: AttributeLimits): RecordedException {
  const max = limits.maxAttributeLength;
  if (e.message.length <= max && (e.stackTrace?.length ?? 0) <= max && e.type.length <= max) return e;
  return {
    type: boundedName(e.type, limits),
    message: boundedName(e.message, limits),
    stackTrace: e.stackTrace === undefined ? undefined : boundedName(e.stackTrace, limits),
  };
}

/** Extracts type, message and stack from anything that was thrown; never throws. */
export function toRecordedException(error: unknown): RecordedException {
  try {
    return readException(error);
  } catch {
    // Hostile getters or a revoked proxy: record that something was thrown rather than fail the caller.
    return { type: 'unknown', message: '[unreadable exception]', stackTrace: undefined };
  }
}

function readException(error: unknown): RecordedException {
  if (error instanceof Error) {
    const type = error.constructor?.name && error.constructor.name !== 'Error' ? error.constructor.name : error.name;
    return { type: type || 'Error', message: String(error.message), stackTrace: error.stack };
  }
  if (error !== null && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    return {
      type: typeof e.name === 'string' ? e.name : 'Object',
      message: typeof e.message === 'string' ? e.message : safeStringify(error, 2000),
      stackTrace: typeof e.stack === 'string' ? e.stack : undefined,
    };
  }
  return {
    type: typeof error,
    message: typeof error === 'string' ? error : safeStringify(error, 2000),
    stackTrace: undefined,
  };
}
