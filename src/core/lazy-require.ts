import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on its first use instead of when the importing module loads: reporters that every
 * scan imports through the registry (src/report/index.ts) but few scans run keep their heavy libraries out of
 * start-up. Synchronous, so a reporter's render stays synchronous. Throws what `require` throws.
 * https://nodejs.org/api/module.html#modulecreaterequirefilename
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireFromHere(specifier) as T);
}
