import type { GreeksBatch, GreeksBatchInput, GreeksBatchOutput } from './greeks.types.js';

/**
 * Struct-of-arrays batches laid out in one buffer: 4 input and 7 output Float64Arrays, then the kind and
 * status Uint8Arrays. On a SharedArrayBuffer the same batch is visible to every worker thread without copying.
 */

const FLOAT_ARRAYS = 11;
const BYTE_ARRAYS = 2;
const FLOAT_BYTES = Float64Array.BYTES_PER_ELEMENT;

export function batchByteLength(capacity: number): number {
  return capacity * (FLOAT_ARRAYS * FLOAT_BYTES + BYTE_ARRAYS);
}

/** Views of a batch over `buffer` (as laid out by createGreeksBatch). */
export function batchViews(buffer: ArrayBufferLike, capacity: number, count = capacity): GreeksBatch {
  const floats = (slot: number) => new Float64Array(buffer, slot * capacity * FLOAT_BYTES, capacity);
  const bytes = (slot: number) =>
    new Uint8Array(buffer, FLOAT_ARRAYS * capacity * FLOAT_BYTES + slot * capacity, capacity);
  const input: GreeksBatchInput = {
    underlying: floats(0),
    strike: floats(1),
    timeToExpiry: floats(2),
    premium: floats(3),
    kind: bytes(0),
  };
  const output: GreeksBatchOutput = {
    impliedVolatility: floats(4),
    price: floats(5),
    delta: floats(6),
    gamma: floats(7),
    theta: floats(8),
    vega: floats(9),
    rho: floats(10),
    status: bytes(1),
  };
  return { count, input, output };
}

/** A batch of `capacity` options; shared (default) so that the worker pool can evaluate it in place. */
export function createGreeksBatch(capacity: number, shared = true): GreeksBatch {
  const length = batchByteLength(capacity);
  return batchViews(shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length), capacity);
}

/** The shared buffer and capacity behind a batch made by createGreeksBatch, or undefined. */
export function sharedLayoutOf(batch: GreeksBatch): { buffer: SharedArrayBuffer; capacity: number } | undefined {
  const first = batch.input.underlying;
  const capacity = first.length;
  if (!(first.buffer instanceof SharedArrayBuffer) || first.byteOffset !== 0) {
    return undefined;
  }
  const buffer = first.buffer;
  if (buffer.byteLength !== batchByteLength(capacity) || batch.output.status.buffer !== buffer) {
    return undefined;
  }
  return { buffer, capacity };
}

/** Copies options [0, count) of every array from one batch to another (same roles). */
export function copyBatch(from: GreeksBatch, to: GreeksBatch, count: number, part: 'input' | 'output'): void {
  const source = from[part] as unknown as Record<string, Float64Array | Uint8Array>;
  const target = to[part] as unknown as Record<string, Float64Array | Uint8Array>;
  for (const key of Object.keys(source)) {
    target[key]!.set(source[key]!.subarray(0, count));
  }
}
