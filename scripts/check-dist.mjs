// Smoke test of the built package as users load it: CommonJS require and ESM import of every
// entry point through the package's own `exports` map, the type declarations they point at, and
// no Node-only import in the browser-safe entries.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

for (const field of ['main', 'module', 'types']) check(existsSync(join(root, pkg[field])), `package.json ${field} -> ${pkg[field]} exists`);

for (const [sub, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue;
  const name = sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`;
  for (const cond of ['import', 'require']) {
    check(existsSync(join(root, target[cond].types)), `${name} ${cond} types -> ${target[cond].types} exists`);
  }
  const cjs = require(name);
  const esm = await import(name);
  check(Object.keys(cjs).length > 0 && Object.keys(cjs).sort().join() === Object.keys(esm).sort().join(), `${name}: require() and import() expose the same ${Object.keys(esm).length} names`);
}

const cjs = require('segmentkit');
const esm = await import('segmentkit');
const X = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5]];
const a = new cjs.KMeans({ nClusters: 2 }).fit(X);
const b = new esm.KMeans({ nClusters: 2 }).fit(X);
check(JSON.stringify(a) === JSON.stringify(b), 'KMeans gives the same model through CJS and ESM');
check(esm.fromJSON(JSON.stringify(a)).predict([[9, 9]])[0] === a.labels[2], 'a CJS model restores through the ESM fromJSON');

// The browser-safe entries must run in browsers and Deno: no Node built-in in any chunk they reach.
const NODE_ONLY = /from\s*["'](node:|fs["']|path["']|os["']|child_process["']|worker_threads["'])/;
function reachable(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s*["'](\.[^'"]+)["']|import\(["'](\.[^'"]+)["']\)/g)) {
    reachable(join(dirname(entry), m[1] ?? m[2]), seen);
  }
  return seen;
}
for (const entry of ['index.js', 'testing/index.js', 'datasets/index.js']) {
  const files = [...reachable(join(root, 'dist', entry))];
  const offenders = files.filter((f) => NODE_ONLY.test(readFileSync(f, 'utf8')));
  check(offenders.length === 0, `dist/${entry}: no Node-only imports in the ${files.length} files it reaches${offenders.length ? ` (found in ${offenders.join(', ')})` : ''}`);
}

if (failures > 0) {
  console.error(`${failures} dist check(s) failed.`);
  process.exit(1);
}
console.log('dist checks passed');
