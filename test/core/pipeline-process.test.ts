// A pipeline fitted in one Node process, saved as JSON and loaded in another predicts the same
// labels (and the same transform, bit for bit). Each side runs `node --import tsx` on a script in
// test/fixtures/pipeline. Deno is not installed here, so the Deno side of this check is not run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/core/pipeline.js';
import { fromJSON } from '../../src/registry.js';
import { makeBlobs } from '../../src/testing/generators.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scripts = fileURLToPath(new URL('../fixtures/pipeline/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'segmentkit-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, ...args: string[]): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(scripts, script), ...args], { cwd: root, stdio: 'pipe', timeout: 60_000 });
}

describe('pipeline across processes', () => {
  it('a pipeline saved by one process predicts the same labels in another', () => {
    const model = join(dir, 'model.json');
    run('fit-and-save.ts', model, join(dir, 'first.json'));
    run('load-and-predict.ts', model, join(dir, 'second.json'));
    const first = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')) as { labels: number[]; transform: number[] };
    const second = JSON.parse(readFileSync(join(dir, 'second.json'), 'utf8')) as { labels: number[]; transform: number[] };
    expect(first.labels).toHaveLength(50);
    expect(new Set(first.labels).size).toBeGreaterThan(1);
    expect(second.labels).toEqual(first.labels);
    expect(second.transform).toEqual(first.transform);
    // and this (third) process agrees too
    const here = fromJSON(readFileSync(model, 'utf8')) as Pipeline;
    const query = makeBlobs({ nSamples: 50, nFeatures: 6, nCenters: 4, clusterStd: 2, randomState: 99 }).X;
    expect(Array.from(here.predict?.(query) ?? [])).toEqual(first.labels);
  });
});
