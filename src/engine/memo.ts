/**
 * The answer stored under `key` in `memo`, computed and stored on the first ask (an undefined answer is remembered
 * too). The memo belongs to its caller: the run's facts (src/engine/facts.ts) or one rule's check, so it lives
 * exactly as long as the run; never a module-level map (test/architecture.test.ts).
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
