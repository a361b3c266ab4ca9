// Writes every file generated from metadata (see scripts/generate.ts). Run after adding or changing a rule.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { ROOT, renderAll } from './generate.js';

const files = await renderAll();
let changed = 0;
for (const [path, content] of files) {
  const absolute = join(ROOT, path);
  if (existsSync(absolute) && readFileSync(absolute, 'utf8') === content) continue;
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
  changed += 1;
  console.log(`wrote ${path}`);
}
console.log(`${files.size} generated files, ${changed} changed`);
