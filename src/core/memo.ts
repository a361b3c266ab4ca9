/**
 * Per-run memos: answers remembered for as long as their caller keeps the table (one inventory build, one rule run,
 * one identity-record build), never in a module-level map (test/architecture.test.ts). Values that repeat across
 * the 100,000 objects of a large tenant (scopes, role definitions, subject ids, issuers) are worked out once.
 */

/**
 * The answer stored under `key` in `memo`, computed and stored on the first ask (an undefined answer is remembered
 * too). The memo belongs to its caller: the run's facts (src/engine/facts.ts) or one rule's check.
 *
 *   const names = new Map<Scope, string>();  remember(names, scope, () => describe(scope))
 */
export function remember<K, V>(memo: Map<K, V>, key: K, compute: () => V): V {
  const value = memo.get(key);
  if (value !== undefined || memo.has(key)) return value as V;
  const computed = compute();
  memo.set(key, computed);
  return computed;
}

/**
 * `compute`, remembered per distinct input string for as long as the returned function lives; the table is the
 * function's own. `compute` must not return undefined (an undefined answer is computed again).
 */
export function perValue<T>(compute: (value: string) => T): (value: string) => T {
  const known = new Map<string, T>();
  return (value) => {
    let result = known.get(value);
    if (result === undefined) {
      result = compute(value);
      known.set(value, result);
    }
    return result;
  };
}
