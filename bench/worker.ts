// Runs one implementation of one case at one size in its own process, so peak memory is its own.
// Prints one JSON line: { medianS, timesS, iterations, value, peakRssMB, loadedRssMB, labelsPath }.
// bench/run.ts bundles this file with esbuild and runs it with plain node (no loader in memory).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES } from './cases.js';
import { DATA_DIR, writeInt32 } from './data.js';

/**
 * Peak resident memory of this process in MB: VmHWM of its own address space on Linux. (getrusage's
 * maxrss survives exec, so a child of a big parent would report the parent's size.)
 */
function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS / 1024;
}

// CommonJS bundle: no top-level await, and the dependencies of lazily imported cases (tfjs for the
// deep case) load only when that case runs, so they do not count in other cases' memory.
void main();

async function main(): Promise<void> {
  const [caseName, implName, sizeLabel, runsArg, smoke] = process.argv.slice(2);
  const c = CASES[caseName as string];
  if (c === undefined) throw new Error(`unknown case ${caseName}`);
  const impl = c.impls[implName as string];
  if (impl === undefined) throw new Error(`unknown implementation ${implName} for ${caseName}`);
  const size = smoke === 'smoke' ? c.smoke : c.sizes[sizeLabel as string];
  if (size === undefined) throw new Error(`unknown size ${sizeLabel} for ${caseName}`);
  const runs = Number(runsArg ?? 3);

  const prepared = c.prepare(size, smoke === 'smoke' ? 'smoke' : (sizeLabel as string));
  const input = impl.input ? impl.input(prepared) : prepared.X;
  // Resident memory with the data loaded and converted: the baseline the run's own memory adds to.
  const loadedRssMB = process.memoryUsage().rss / 2 ** 20;
  const times: number[] = [];
  const w0 = performance.now();
  let out = await impl.run(input, prepared); // warm-up (JIT, caches); its output is kept for agreement
  const warmS = (performance.now() - w0) / 1000;
  // Slow implementations are timed fewer times so the whole bench stays within its budget:
  // over 20 s the warm-up itself is the measurement, over 5 s one timed run follows it.
  const timedRuns = warmS > 20 ? 0 : warmS > 5 ? 1 : runs;
  if (timedRuns === 0) times.push(warmS);
  for (let r = 0; r < timedRuns; r++) {
    const t0 = performance.now();
    out = await impl.run(input, prepared);
    times.push((performance.now() - t0) / 1000);
  }
  const sorted = times.slice().sort((a, b) => a - b);
  let labelsPath: string | undefined;
  if (out.labels) {
    labelsPath = join(DATA_DIR, `labels-${caseName}-${sizeLabel}-${implName}.i32`);
    writeInt32(labelsPath, out.labels);
  }
  console.log(
    JSON.stringify({
      medianS: sorted[Math.floor(sorted.length / 2)],
      timesS: times,
      iterations: out.iterations,
      value: out.value,
      peakRssMB: peakRssMB(),
      loadedRssMB,
      labelsPath,
    }),
  );
  process.exit(0);
}
