// Runs every @example of src/datasets: each block's `console.log(...) // expected` line must print
// the expected values (strings quoted, as Node prints them).
import { readdirSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as datasets from '../../src/datasets/index.js';

const dir = new URL('../../src/datasets/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

interface Example {
  file: string;
  code: string;
}

const examples: Example[] = [];
for (const file of files) {
  const text = readFileSync(new URL(file, dir), 'utf8');
  for (const m of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
    examples.push({ file, code: (m[1] as string).split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n') });
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : inspect(v);
}

describe('src/datasets @examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((e, i) => [`${e.file} #${i}`, e] as const))('%s runs and prints what it says', (_, ex) => {
    const imports = [...ex.code.matchAll(/^import \{([^}]*)\} from 'segmentkit\/datasets';$/gm)];
    expect(imports.length).toBe(1);
    const names = (imports[0]![1] as string).split(',').map((s) => s.trim()).filter(Boolean);
    const body = ex.code.replace(/^import .*$/gm, '');
    const expected = [...body.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(show).join(' ')) };
    const values = names.map((n) => (datasets as Record<string, unknown>)[n]);
    expect(values.every((v) => v !== undefined), names.join(', ')).toBe(true);
    new Function(...names, 'console', body)(...values, fakeConsole);
    expect(printed).toEqual(expected);
  });
});

describe('segmentkit/datasets is browser-safe', () => {
  it('imports nothing Node-only, following every relative import from the entry point', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const text = readFileSync(url, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)[^;]*? from '([^']+)';/gms)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
        else bare.add(spec);
      }
    };
    visit(new URL('index.ts', dir));
    expect(seen.size).toBeGreaterThan(5);
    for (const spec of bare) expect(spec, spec).toMatch(/^pure-rand\//);
  });
});
