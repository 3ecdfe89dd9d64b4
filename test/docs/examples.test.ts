// Every `@example` in the TSDoc of src/ is also a test: it must run, and each
// `console.log(...); // expected` comment must match what was logged (numbers to the precision shown).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as testing from '../../src/testing/index.js';
import * as datasets from '../../src/datasets/index.js';
import * as node from '../../src/node/index.js';
import * as nodeFs from 'node:fs';
import * as nodeOs from 'node:os';
import * as nodePath from 'node:path';

const MODULES: Record<string, unknown> = {
  segmentkit: root,
  'segmentkit/testing': testing,
  'segmentkit/datasets': datasets,
  // the Node entry's examples write temporary files
  'segmentkit/node': node,
  'node:fs': nodeFs,
  'node:os': nodeOs,
  'node:path': nodePath,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  const re = /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```(?:ts|typescript|js)?\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const code = (m[2] as string)
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    out.push({ file: relative(process.cwd(), file), line: text.slice(0, m.index).split('\n').length, code });
  }
  return out;
}

/**
 * Turns `import { a, b as c } from 'segmentkit'` into lookups in the loaded modules (relative
 * imports of internal files load that file), strips the types with TypeScript, and records the
 * `console.log(...); // expected` comments.
 */
function compile(code: string, file: string): { body: string; expectations: { index: number; expected: string }[] } {
  const expectations: { index: number; expected: string }[] = [];
  let logIndex = 0;
  const lines = code.split('\n').map((line) => {
    const imp = /^\s*import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';?\s*$/.exec(line);
    if (imp) {
      if (imp[1]) return '';
      const names = (imp[2] as string).split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '));
      const bindings = names.map((n) => n.replace(/\s+as\s+/, ': ')).join(', ');
      const from = imp[3] as string;
      if (from.startsWith('.')) {
        const target = resolve(dirname(file), from.replace(/\.js$/, '.ts'));
        return `const { ${bindings} } = await __import(${JSON.stringify(target)});`;
      }
      return `const { ${bindings} } = __modules[${JSON.stringify(from)}];`;
    }
    const log = /console\.log\(/.test(line) ? /;?\s*\/\/\s*(.+)$/.exec(line) : null;
    if (/console\.log\(/.test(line)) {
      if (log) expectations.push({ index: logIndex, expected: (log[1] as string).trim() });
      logIndex++;
    }
    return line;
  });
  const body = ts.transpileModule(lines.join('\n'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText;
  return { body, expectations };
}

function format(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Map) return `Map(${v.size})`;
  if (ArrayBuffer.isView(v)) return `[${Array.from(v as unknown as ArrayLike<number>).map(format).join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(format).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${format(x)}`).join(', ')} }`;
  return String(v);
}

const NUM = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

function matches(actual: string, expected: string): boolean {
  const norm = (s: string) => s.replace(/['"`\s]/g, '');
  if (norm(actual) === norm(expected)) return true;
  const skel = (s: string) => norm(s).replace(NUM, '#');
  if (skel(actual) !== skel(expected)) return false;
  const a = norm(actual).match(NUM) ?? [];
  const e = norm(expected).match(NUM) ?? [];
  return e.every((x, i) => {
    const decimals = (x.split('.')[1] ?? '').replace(/e.*/i, '').length;
    const tol = 0.5 * 10 ** -decimals + 1e-12;
    return Math.abs(Number(a[i]) - Number(x)) <= Math.max(tol, Math.abs(Number(x)) * 1e-9);
  });
}

const examples = sourceFiles('src').flatMap(examplesOf);

describe('documentation examples run and print what they say', () => {
  it('finds examples', () => {
    expect(examples.length).toBeGreaterThan(20);
  });
  for (const ex of examples) {
    it(`${ex.file}:${ex.line}`, async () => {
      const { body, expectations } = compile(ex.code, ex.file);
      const logged: string[] = [];
      const fakeConsole = { ...console, log: (...args: unknown[]) => logged.push(args.map(format).join(' ')) };
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (...b: unknown[]) => Promise<void>;
      const fn = new AsyncFunction('__modules', '__import', 'console', body);
      await fn(MODULES, (path: string) => import(/* @vite-ignore */ path), fakeConsole);
      for (const { index, expected } of expectations) {
        const got = logged[index];
        expect(got, `example at ${ex.file}:${ex.line}, console.log #${index}`).toBeDefined();
        expect(matches(got as string, expected), `example at ${ex.file}:${ex.line}: logged "${got}", the comment says "${expected}"`).toBe(true);
      }
    });
  }
});
