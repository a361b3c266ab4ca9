import { compareText } from '../core/compare-text.js';
/**
 * The order of the run's findings by an integer key and then by fingerprint text (engine/run.ts sortFindings folds
 * severity, rule and subject into the key). Returns finding indices, sorted; `keys[i]` is a non-negative integer,
 * `fingerprintOf(i)` the tie-breaker.
 *
 * When it is exact, each key and its index are packed into one double (key × 2^indexBits + index) and the doubles
 * sorted without a comparator: numeric, in native code, no JavaScript call per comparison (the comparator sort took
 * about 170 ms of the 100k-assignment tenant's rule pass). Equal keys then come out in index order and each run of
 * them is put in fingerprint order (runs are short: one subject's findings under one rule). Keys so large that the
 * packing would pass 2^53 sort with a comparator instead. Same order either way.
 * Typed-array sort: https://tc39.es/ecma262/#sec-%typedarray%.prototype.sort
 */
export function findingOrder(keys: Float64Array | Int32Array, fingerprintOf: (index: number) => string): Uint32Array {
  const count = keys.length;
  const radix = 2 ** Math.max(1, Math.ceil(Math.log2(count + 1)));
  let maxKey = 0;
  for (let index = 0; index < count; index++) maxKey = Math.max(maxKey, keys[index] ?? 0);
  return (maxKey + 1) * radix <= Number.MAX_SAFE_INTEGER ? packedOrder(keys, fingerprintOf, radix) : comparedOrder(keys, fingerprintOf);
}

function packedOrder(keys: Float64Array | Int32Array, fingerprintOf: (index: number) => string, radix: number): Uint32Array {
  const count = keys.length;
  const packed = new Float64Array(count);
  for (let index = 0; index < count; index++) packed[index] = (keys[index] ?? 0) * radix + index;
  packed.sort();
  const order = new Uint32Array(count);
  for (let at = 0; at < count; at++) order[at] = (packed[at] ?? 0) % radix;
  const byFingerprint = (a: number, b: number): number => compareText(fingerprintOf(a), fingerprintOf(b));
  let start = 0;
  while (start < count) {
    const key = keys[order[start] ?? 0];
    let end = start + 1;
    while (end < count && keys[order[end] ?? 0] === key) end++;
    if (end - start > 1) order.subarray(start, end).sort(byFingerprint);
    start = end;
  }
  return order;
}

function comparedOrder(keys: Float64Array | Int32Array, fingerprintOf: (index: number) => string): Uint32Array {
  const order = new Uint32Array(keys.length);
  for (let index = 0; index < keys.length; index++) order[index] = index;
  return order.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || compareText(fingerprintOf(a), fingerprintOf(b)));
}
