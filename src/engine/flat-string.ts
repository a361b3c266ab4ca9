/**
 * The same string, stored as one flat buffer. V8 keeps a string built by concatenation or a template literal as a
 * tree of its pieces (a "rope", 32 bytes per node on top of the pieces) and a `slice` of 13 characters or more as a
 * view that keeps its whole parent alive; reading one character flattens it into a single buffer, and the garbage
 * collector then drops the tree. Findings live as long as a scan (72,000 on the 100k-assignment tenant) and every
 * reporter reads their strings whole, so the engine flattens what it keeps: about half the memory of a message.
 * Returns its argument; never changes the value. The technique: https://github.com/davidmarkclements/flatstr
 */
export function flatten<T extends string>(text: T): T {
  text.charCodeAt(0);
  return text;
}
