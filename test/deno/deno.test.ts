// Same data + same randomState = identical segments in Node and in Deno (bit for bit).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitAll } from './reproduce.js';

const deno = join('node_modules', '.bin', 'deno');

describe('Deno', () => {
  it.runIf(existsSync(deno))('gives bit-identical models to Node for the same seeds', () => {
    const r = spawnSync(deno, ['run', '--quiet', '--allow-read', '--allow-env', 'test/deno/reproduce.ts'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(fitAll());
  });
});
