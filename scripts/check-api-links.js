#!/usr/bin/env node
'use strict';
/**
 * After `typedoc` has written docs/api/: every link from a docs/*.md page (or the README) into
 * the API reference (`api/...` relative to docs/, `docs/api/...` from the root) must lead to a
 * page it generated (and a `#member` link to a member that page documents), so a renamed export
 * cannot leave the guides pointing at nothing.
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const docs = join(root, 'docs');
if (!existsSync(join(docs, 'api', 'index.html'))) {
  console.error('docs/api/index.html is missing: run typedoc first (pnpm run docs:api)');
  process.exit(1);
}

const pages = [
  ...readdirSync(docs)
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({ file: `docs/${name}`, base: docs, prefix: 'api/' })),
  { file: 'README.md', base: root, prefix: 'docs/api/' },
];
const broken = [];
let checked = 0;
for (const { file, base, prefix } of pages) {
  const text = readFileSync(join(root, file), 'utf8');
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const [target, anchor] = match[1].split('#');
    if (!target.startsWith(prefix)) continue;
    checked += 1;
    const page = join(base, target);
    // A member link (`Model.html#findall`) must name a member the page documents.
    const found = existsSync(page) && (!anchor || readFileSync(page, 'utf8').includes(`id="${anchor}"`));
    if (!found) broken.push(`${file}: ${match[1]}`);
  }
}
if (broken.length > 0) {
  console.error(`links into the API reference that lead to no page:\n${broken.join('\n')}`);
  process.exit(1);
}
console.log(`API reference: ${checked} links from the docs pages resolve`);
