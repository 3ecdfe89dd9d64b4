// Command-line options, scoring and reporting shared by the deep-clustering benchmarks (bench/deep-digits.ts, bench/deep-fashion.ts).
import { performance } from 'node:perf_hooks';
import { clusteringAccuracy } from '../src/metrics/accuracy.js';
import { normalizedMutualInfoScore } from '../src/metrics/mutual-info.js';

/** The value after `--name` on the command line, or `fallback`. */
export function option(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

/** One method's result on one seed. */
export interface Score {
  acc: number;
  nmi: number;
  seconds: number;
}

/** ACC (Hungarian-matched accuracy) and NMI of `labels` against the classes `y`. */
export function score(y: Int32Array, labels: Int32Array, seconds: number): Score {
  return { acc: clusteringAccuracy(y, labels), nmi: normalizedMutualInfoScore(y, labels), seconds };
}

/** Runs f and returns its result with the wall time in seconds. */
export function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

/** "mean ± sd" with 3 decimals (sd 0 for one value). */
export function meanSd(v: number[]): string {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
  return `${m.toFixed(3)} ± ${sd.toFixed(3)}`;
}

/** The last result of each method on one line. */
export function seedLine(seed: number, rows: Record<string, Score[]>): string {
  const parts = Object.entries(rows).map(([k, v]) => {
    const last = v[v.length - 1] as Score;
    return `${k} ${last.acc.toFixed(3)}/${last.nmi.toFixed(3)} (${last.seconds.toFixed(1)} s)`;
  });
  return `seed ${seed}: ${parts.join(' | ')}`;
}

/** A markdown table of every method over the seeds. */
export function scoreTable(rows: Record<string, Score[]>, timeHeader: string): string {
  const lines = [`| method | ACC (mean ± sd) | NMI (mean ± sd) | ${timeHeader} |`, '|---|---|---|---|'];
  for (const [k, v] of Object.entries(rows)) {
    const seconds = v.reduce((a, r) => a + r.seconds, 0) / v.length;
    lines.push(`| ${k} | ${meanSd(v.map((r) => r.acc))} | ${meanSd(v.map((r) => r.nmi))} | ${seconds.toFixed(1)} |`);
  }
  return lines.join('\n');
}
