// Smoke test of the built package as users load it: CommonJS require and ESM import of every
// entry point through the package's own `exports` map, the type declarations they point at, and
// no Node-only import in the browser-safe entries.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

// The core entry must run in browsers and Deno: no Node built-ins in its chunks.
const browserSafe = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));
const offenders = browserSafe.filter((f) => /from\s*["']node:|require\(["'](fs|path|os|child_process|worker_threads)["']\)|from\s*["'](fs|path|os|child_process|worker_threads)["']/.test(readFileSync(join(root, 'dist', f), 'utf8')));
check(offenders.length === 0, `no Node-only imports in dist/*.js${offenders.length ? ` (found in ${offenders.join(', ')})` : ''}`);

if (failures > 0) {
  console.error(`${failures} dist check(s) failed.`);
  process.exit(1);
}
console.log('dist checks passed');
