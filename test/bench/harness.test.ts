// The benchmark harness must not rot: every case runs at its smoke size through every JS
// implementation (in-process here), and the orchestrator runs end to end on one case.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CASES } from '../../bench/cases.js';

describe('bench cases at smoke size', () => {
  for (const [name, c] of Object.entries(CASES)) {
    for (const [implName, impl] of Object.entries(c.impls)) {
      it(`${name} / ${implName}`, async () => {
        const p = c.prepare(c.smoke, 'smoke');
        expect(p.X.rows).toBe(c.smoke.n);
        const out = await impl.run(impl.input ? impl.input(p) : p.X, p);
        if (out.labels) expect(out.labels.length).toBe(c.smoke.n);
        if (out.iterations !== undefined) expect(out.iterations).toBeGreaterThan(0);
        if (out.value !== undefined) expect(Number.isFinite(out.value)).toBe(true);
      });
    }
  }
});

describe('bench orchestrator', () => {
  it('runs a case end to end and prints a ratio table', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', 'kmeans', '--smoke', '--runs', '1'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| smoke \| segmentkit \| [\d.]+ \|/);
    expect(r.stdout).toMatch(/\| smoke \| ml-kmeans \| [\d.]+ \|.*\| 1\.0000 \|/);
  });
});
