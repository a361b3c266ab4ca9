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

/** `perKey` for string keys: `compute`, remembered per distinct input string for as long as the returned function lives. */
export function perValue<T>(compute: (value: string) => T): (value: string) => T {
  return perKey(compute);
}

// Stands for an undefined answer in a perKey table, so a hit costs one Map.get (no `has` to tell a miss apart).
const UNDEFINED_ANSWER = Symbol('undefined answer');

/**
 * `compute`, remembered per distinct key (compared as a Map compares them) for as long as the returned function
 * lives; the table is the function's own. Undefined answers are remembered too. Made once per run, not per call:
 * unlike `remember`, no closure is built per ask (the run's facts ask about a million times on a 100k-assignment
 * tenant).
 *
 *   const related = perKey((assignment: RoleAssignment) => assignmentRelated(inventory, assignment));
 */
export function perKey<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V | typeof UNDEFINED_ANSWER>();
  return (key) => {
    const held = known.get(key);
    if (held !== undefined) return held === UNDEFINED_ANSWER ? (undefined as V) : held;
    const answer = compute(key);
    known.set(key, answer === undefined ? UNDEFINED_ANSWER : answer);
    return answer;
  };
}
