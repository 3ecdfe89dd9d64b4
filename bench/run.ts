// npm run bench [-- <case> [<size>]] [--runs N] [--timeout S] [--no-sklearn] [--smoke] [--write-docs]
//
// Runs segmentkit beside the JS peers and scikit-learn on identical bytes, each implementation in
// its own process (peak memory is its own), a warm-up then several timed runs (median), and prints
// ratio tables. --write-docs regenerates docs/benchmarks.md from the run.
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { adjustedRand } from '../src/testing/asserts.js';
import { CASES, type Target } from './cases.js';
import { DATA_DIR, readInt32 } from './data.js';

interface Result {
  readonly impl: string;
  readonly status: 'ok' | 'timeout' | 'skipped' | 'error';
  readonly medianS?: number;
  readonly iterations?: number;
  readonly value?: number;
  readonly peakRssMB?: number;
  readonly loadedRssMB?: number;
  readonly labelsPath?: string;
  readonly note?: string;
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !['--runs', '--timeout'].includes(args[i - 1] ?? ''));
const [onlyCase, onlySize] = positional;
const runs = option('--runs', 3);
const timeoutS = option('--timeout', 120);
const smoke = flag('--smoke');
const PYTHON = '/usr/bin/python3';
const hasSklearn = !flag('--no-sklearn') && !smoke && existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;

function parse(out: string): Record<string, unknown> | undefined {
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
}

function runProcess(impl: string, cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}, limitS = timeoutS): Result {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: limitS * 1000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { impl, status: 'timeout', note: `> ${limitS} s` };
  if (r.signal === 'SIGKILL') return { impl, status: 'timeout', note: `> ${limitS} s` };
  const parsed = parse(r.stdout ?? '');
  if (r.status !== 0 || parsed === undefined) {
    return { impl, status: 'error', note: (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ').slice(0, 300) };
  }
  return { impl, status: 'ok', ...(parsed as object) } as Result;
}

// The worker runs as one bundled file under plain node: no TypeScript loader in the measured
// process (tsx alone holds ~60 MB), and the dependencies load from node_modules as users load them.
const WORKER = join(DATA_DIR, 'worker.cjs');
buildSync({ entryPoints: [join('bench', 'worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile: WORKER, logLevel: 'error' });

/** Whether a target is met, with the numbers that decide it. */
function judge(t: Target, ours: Result | undefined, peer: Result | undefined): string {
  if (!ours?.medianS) return 'not measured (segmentkit did not run)';
  const memory = t.maxPeakMB === undefined || ours.peakRssMB === undefined ? undefined : ours.peakRssMB <= t.maxPeakMB;
  const memoryText = memory === undefined ? '' : `; peak ${ours.peakRssMB?.toFixed(0)} MB ${memory ? '<=' : '>'} ${t.maxPeakMB} MB`;
  if (peer === undefined) return `not measured (${t.peer} not run here)`;
  if (peer.status === 'timeout') {
    const bound = ours.medianS / timeoutOf(peer);
    return bound <= t.maxRatio && memory !== false
      ? `met (${t.peer} ${peer.note}, segmentkit ${fmtS(ours.medianS)} s: ratio < ${bound.toFixed(4)})${memoryText}`
      : `inconclusive (${t.peer} ${peer.note})${memoryText}`;
  }
  if (!peer.medianS) return `not measured (${t.peer}: ${peer.note ?? peer.status})`;
  const per = t.perIteration && ours.iterations && peer.iterations;
  const ratio = per ? ours.medianS / (ours.iterations as number) / (peer.medianS / (peer.iterations as number)) : ours.medianS / peer.medianS;
  const ok = ratio <= t.maxRatio && memory !== false;
  const peerMemory = t.note.includes('lower peak memory') && ours.peakRssMB !== undefined && peer.peakRssMB !== undefined ? `; peak ${ours.peakRssMB.toFixed(0)} vs ${peer.peakRssMB.toFixed(0)} MB` : '';
  const memOk = peerMemory === '' || (ours.peakRssMB as number) < (peer.peakRssMB as number);
  return `segmentkit/${t.peer} = ${ratio.toFixed(3)}${per ? ' per iteration' : ''}${memoryText}${peerMemory} -> ${ok && memOk ? 'met' : 'MISSED'}`;
}

function timeoutOf(r: Result): number {
  const m = /> (\d+) s/.exec(r.note ?? '');
  return m ? Number(m[1]) : timeoutS;
}

const fmtS = (s?: number) => (s === undefined ? '-' : s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s >= 0.01 ? s.toFixed(3) : s.toFixed(4));
const lines: string[] = [];
const say = (l = '') => {
  console.log(l);
  lines.push(l);
};

const summary: string[] = [];
for (const [caseName, c] of Object.entries(CASES)) {
  if (onlyCase && onlyCase !== caseName) continue;
  const sizes = smoke ? { smoke: c.smoke } : c.sizes;
  say(`### ${caseName}: ${c.title}`);
  say();
  say('| size | implementation | median s | iterations | s / iteration | peak RSS MB | RSS added by the fit MB | time vs segmentkit | ARI vs reference | value |');
  say('|---|---|---|---|---|---|---|---|---|---|');
  for (const [label, size] of Object.entries(sizes)) {
    if (onlySize && onlySize !== label) continue;
    const prepared = c.prepare(size, label);
    const results: Result[] = [];
    for (const [implName, impl] of Object.entries(c.impls)) {
      if (impl.maxN !== undefined && size.n > impl.maxN) {
        results.push({ impl: implName, status: 'skipped', note: `not run above n=${impl.maxN} (exceeds the watchdog)` });
        continue;
      }
      results.push(runProcess(implName, process.execPath, [WORKER, caseName, implName, label, String(runs), smoke ? 'smoke' : ''], {}, impl.timeoutS ?? timeoutS));
    }
    if (c.sklearn && hasSklearn) {
      const out = join(DATA_DIR, `labels-${caseName}-${label}-sklearn.i32`);
      results.push(
        runProcess('scikit-learn', PYTHON, [join('bench', 'sklearn_runner.py'), caseName, JSON.stringify(prepared.files), JSON.stringify(prepared.params), String(size.d), String(runs), out], {
          OMP_NUM_THREADS: '2',
          OPENBLAS_NUM_THREADS: '2',
        }),
      );
    }
    const ours = results.find((r) => r.impl === 'segmentkit');
    const reference = results.find((r) => r.impl === 'scikit-learn' && r.labelsPath) ?? ours;
    const refLabels = reference?.labelsPath ? readInt32(reference.labelsPath) : undefined;
    for (const r of results) {
      if (r.status !== 'ok') {
        say(`| ${label} | ${r.impl} | ${r.note ?? r.status} | | | | | | | |`);
        continue;
      }
      const ratio = ours?.medianS && r.medianS ? r.medianS / ours.medianS : undefined;
      const ari = refLabels && r.labelsPath && r !== reference ? adjustedRand(readInt32(r.labelsPath), refLabels).toFixed(4) : r === reference ? '(reference)' : '-';
      const perIter = r.iterations ? fmtS((r.medianS as number) / r.iterations) : '-';
      say(`| ${label} | ${r.impl} | ${fmtS(r.medianS)} | ${r.iterations ?? '-'} | ${perIter} | ${r.peakRssMB?.toFixed(0) ?? '-'} | ${r.peakRssMB !== undefined && r.loadedRssMB !== undefined ? Math.max(0, r.peakRssMB - r.loadedRssMB).toFixed(0) : '-'} | ${r.impl === 'segmentkit' ? '1' : ratio ? `${ratio.toFixed(2)}x` : '-'} | ${ari} | ${r.value === undefined || r.value === null ? '-' : Number(r.value.toPrecision(8))} |`);
    }
    for (const t of c.targets ?? []) {
      if (!t.sizes.includes(label)) continue;
      summary.push(`- ${caseName} ${label}: ${t.note}: ${judge(t, ours, results.find((r) => r.impl === t.peer))}`);
    }
  }
  say();
}
if (summary.length) {
  say('### Targets');
  say();
  for (const s of summary) say(s);
  say();
}
if (!hasSklearn && !smoke) say('scikit-learn was not run: install it with `apt-get install -y python3-sklearn` (Debian) to compare.');

if (flag('--write-docs')) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const doc = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench -- --write-docs\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Each implementation runs in its own process on identical bytes (raw float64 files in `.bench-data/`), after a warm-up;',
    'times are medians of the timed runs (fit only, data already loaded and converted to each library\'s input form).',
    '"time vs segmentkit" is the implementation\'s time divided by segmentkit\'s (above 1: segmentkit is faster).',
    'scikit-learn runs through Debian\'s `/usr/bin/python3` with 2 BLAS/OpenMP threads; on the JS side only segmentkit\'s KMeans runs on more than one thread (here 2, the calling one and a worker, from about 260k rows x 16 features x 8 clusters: `nThreads: \'auto\'`).',
    'The machines are shared and noisy: read ratios, not absolute times.',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm ci',
    'apt-get install -y python3-sklearn   # optional: the scikit-learn column',
    'npm run bench                        # everything (under 20 minutes on 2 cores)',
    'npm run bench -- kmeans 100k         # one case, one size',
    '```',
    '',
    '## Results',
    '',
    ...lines,
    ...(existsSync(join('bench', 'NOTES.md')) ? ['', readFileSync(join('bench', 'NOTES.md'), 'utf8').trim()] : []),
  ];
  writeFileSync(join('docs', 'benchmarks.md'), `${doc.join('\n')}\n`);
  console.log('wrote docs/benchmarks.md');
}
