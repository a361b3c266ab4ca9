/**
 * Levenshtein distance (insert, delete, substitute; each costs 1). Used only to spot look-alike issuer hosts
 * ("Look-alike and typo patterns"), never to decide whether two values match: Entra compares
 * issuers byte for byte.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const left = [...a];
  const right = [...b];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? Math.max(left.length, right.length);
}
