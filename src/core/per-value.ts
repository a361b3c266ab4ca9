/**
 * `compute`, remembered per distinct input string for as long as the returned function lives (one build, one run:
 * never a module-level table). For values that repeat across 100,000 objects of a large tenant: scopes, role
 * definition ids, subject ids. `compute` must not return undefined (an undefined answer is computed again).
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
