// A pipeline fitted in one Node process, saved as JSON and loaded in another predicts the same
// labels (and the same transform, bit for bit). Each side runs `node --import tsx` on a script in
// test/fixtures/pipeline. The Deno side runs when node_modules/.bin/deno exists (as test/deno does).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/core/pipeline.js';
import { fromJSON } from '../../src/registry.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scripts = fileURLToPath(new URL('../fixtures/pipeline/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'segmentkit-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deno = join(root, 'node_modules', '.bin', 'deno');

function run(script: string, ...args: string[]): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(scripts, script), ...args], { cwd: root, stdio: 'pipe', timeout: 60_000 });
}

describe('pipeline across processes', () => {
  it('a pipeline saved by one process predicts the same labels in another', () => {
    const model = join(dir, 'model.json');
    run('fit-and-save.ts', model, join(dir, 'first.json'), join(dir, 'query.json'));
    run('load-and-predict.ts', model, join(dir, 'second.json'), join(dir, 'query.json'));
    const first = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')) as { labels: number[]; transform: number[] };
    const second = JSON.parse(readFileSync(join(dir, 'second.json'), 'utf8')) as { labels: number[]; transform: number[] };
    expect(first.labels).toHaveLength(50);
    expect(new Set(first.labels).size).toBeGreaterThan(1);
    expect(second.labels).toEqual(first.labels);
    expect(second.transform).toEqual(first.transform);
    // and this (third) process agrees too
    const here = fromJSON(readFileSync(model, 'utf8')) as Pipeline;
    const query = { rows: 50, cols: 6, data: Float64Array.from(JSON.parse(readFileSync(join(dir, 'query.json'), 'utf8')) as number[]) };
    expect(Array.from(here.predict?.(query) ?? [])).toEqual(first.labels);
  });

  it.runIf(existsSync(deno))('a pipeline saved by Node predicts the same labels in Deno', () => {
    const model = join(dir, 'model-deno.json');
    run('fit-and-save.ts', model, join(dir, 'node.json'), join(dir, 'query-deno.json'));
    execFileSync(deno, ['run', '--quiet', '--allow-read', '--allow-write', '--allow-env', join(scripts, 'load-and-predict.ts'), model, join(dir, 'deno.json'), join(dir, 'query-deno.json')], {
      cwd: root,
      stdio: 'pipe',
      timeout: 120_000,
    });
    const node = JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')) as { labels: number[]; transform: number[] };
    const inDeno = JSON.parse(readFileSync(join(dir, 'deno.json'), 'utf8')) as { labels: number[]; transform: number[] };
    expect(inDeno.labels).toEqual(node.labels);
    expect(inDeno.transform).toEqual(node.transform);
  });
});
