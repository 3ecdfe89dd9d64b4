// The segmentkit command: end-to-end runs spawn `node --import tsx src/node/cli.ts` on temporary
// files (as a user would run it); the many small usage and data errors call main() in-process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCustomers } from '../../src/datasets/make-customers.js';
import { makeTransactions } from '../../src/datasets/make-transactions.js';
import { adjustedRandScore } from '../../src/metrics/rand.js';
import { main } from '../../src/node/cli.js';
import { readCsv, saveModel, writeCsv } from '../../src/node/index.js';
import { KMeans } from '../../src/cluster/kmeans.js';
import { DBSCAN } from '../../src/cluster/dbscan.js';
import { pipeline } from '../../src/core/pipeline.js';
import { StandardScaler } from '../../src/preprocess/standard-scaler.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'segmentkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = makeCustomers({ n: 600, randomState: 2 });
const customers = join(dir, 'customers.csv');
writeCsv(customers, data.records);
const fresh = makeCustomers({ n: 40, randomState: 8 });
const newCustomers = join(dir, 'new.csv');
writeCsv(newCustomers, fresh.records);
const transactions = join(dir, 'tx.csv');
writeCsv(transactions, makeTransactions({ nCustomers: 200, randomState: 2 }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/node/cli.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => (out += t), err: (t) => (err += t), tty: false });
  return { code, out, err };
}

describe('segmentkit (spawned)', () => {
  it('segment: prints the choice of k and the table, writes labels and the model; predict reuses the model', () => {
    const labels = join(dir, 'labels.csv');
    const model = join(dir, 'model.json');
    const r = cli('segment', customers, '--out', labels, '--model', model);
    expect(r.stderr).toContain('trying k: fit 7 of 7');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('600 customers from');
    expect(r.stdout).toContain('Chose k = 4:');
    expect(r.stdout).toMatch(/\* 4 /);
    expect(r.stdout).toMatch(/^segment\s+size\s+share/m);
    const written = readCsv(labels);
    expect(Object.keys(written[0] ?? {})).toEqual(['customerId', 'segment']);
    expect(written.map((w) => w.customerId)).toEqual(data.records.map((c) => c.customerId));
    const seg = Int32Array.from(written.map((w) => w.segment as number));
    expect(adjustedRandScore(data.segment, seg)).toBeGreaterThan(0.95);
    expect(existsSync(model)).toBe(true);

    const p = cli('predict', model, customers);
    expect(p.status).toBe(0);
    const lines = p.stdout.trim().split('\n');
    expect(lines[0]).toBe('customerId,segment');
    expect(lines.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(Array.from(seg));
  });

  it('usage errors exit 2, data errors exit 1, neither with a stack trace', () => {
    const usage = cli('segment');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("'segment' needs a CSV file of customers");
    expect(usage.stderr).not.toMatch(/\n\s+at /);
    const data1 = cli('segment', join(dir, 'missing.csv'));
    expect(data1.status).toBe(1);
    expect(data1.stderr).toMatch(/^segmentkit: readCsv could not read .*missing\.csv.*no such file/);
    expect(data1.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('segmentkit (in process)', () => {
  it('rfm: prints the RFM segments and writes the scores', () => {
    const out = join(dir, 'rfm.csv');
    const r = run('rfm', transactions, '--customer', 'customerId', '--date', 'date', '--amount', 'amount', '--as-of', '2024-12-31', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/transactions of 200 customers/);
    expect(r.out).toMatch(/^RFM segment\s+customers/m);
    const rows = readCsv(out);
    expect(rows).toHaveLength(200);
    expect(Object.keys(rows[0] ?? {})).toEqual(['customerId', 'recency', 'frequency', 'monetary', 'r', 'f', 'm', 'rfm', 'segment']);
  });

  it('segment with a given k, another algorithm and seed, quietly', () => {
    const r = run('segment', customers, '--k', '3', '--algorithm', 'gmm', '--seed', '4', '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).not.toContain('Chose k');
    expect(r.out.split('\n').filter((l) => /^\d/.test(l))).toHaveLength(3);
  });

  it('predict --out summarises and writes; rows without an id column are numbered', () => {
    const model = join(dir, 'model2.json');
    expect(run('segment', customers, '--k', '4', '--model', model, '--quiet').code).toBe(0);
    const out = join(dir, 'pred.csv');
    const r = run('predict', model, newCustomers, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Assigned 40 customers \(segment \d+: \d+/);
    expect(readCsv(out)).toHaveLength(40);
    const noIds = join(dir, 'noids.csv');
    writeCsv(noIds, fresh.records.map(({ customerId: _drop, ...rest }) => rest));
    const r2 = run('predict', model, noIds);
    expect(r2.code).toBe(0);
    expect(r2.out.split('\n')[0]).toBe('row,segment');
  });

  it('predict accepts a saved pipeline with predict and refuses one without', () => {
    const numeric = join(dir, 'numeric.csv');
    writeCsv(numeric, { a: [0, 0.2, 10, 10.3], b: [1, 1.1, 9, 9.2] });
    const good = join(dir, 'pipe.json');
    saveModel(good, pipeline(new StandardScaler()).cluster(new KMeans({ nClusters: 2 })).fit([[0, 1], [0.2, 1.1], [10, 9], [10.3, 9.2]]) as never);
    const r = run('predict', good, numeric);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(5);
    const bad = join(dir, 'dbscan.json');
    saveModel(bad, new DBSCAN({ eps: 1, minSamples: 1 }).fit([[0, 1], [5, 5]]));
    const r2 = run('predict', bad, numeric);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/cannot assign new customers \(it is a DBSCAN without predict\)/);
  });

  it('rejects bad command lines with exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage:/],
      [['bogus'], /unknown command 'bogus'/],
      [['segment', customers, '--k', 'many'], /--k must be 'auto' or a whole number/],
      [['segment', customers, '--algorithm', 'dbscan'], /--algorithm must be 'kmeans' or 'gmm'/],
      [['segment', customers, '--seed', '-1'], /--seed|Unknown option|ambiguous/i],
      [['segment', customers, '--nope'], /Unknown option '--nope'/],
      [['segment', customers, 'extra.csv'], /unexpected argument\(s\): extra\.csv/],
      [['predict', 'model.json'], /'predict' needs a model file and a CSV file/],
      [['rfm', transactions, '--customer', 'customerId'], /needs the column names --date COL, --amount COL/],
      [['demo', 'now'], /'demo' takes no arguments/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
  });

  it('reports data errors with exit code 1 and the library message', () => {
    const idOnly = join(dir, 'ids.csv');
    writeFileSync(idOnly, 'id\na\nb\nc\n');
    const a = run('segment', idOnly);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/^segmentkit: segment found no column to segment on/);
    const notModel = join(dir, 'not-model.json');
    writeFileSync(notModel, '{"hello": 1}');
    const b = run('predict', notModel, customers);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/is not a segmentkit model/);
    const c = run('rfm', transactions, '--customer', 'nope', '--date', 'date', '--amount', 'amount');
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/nope/);
    const d = run('segment', dir);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/EISDIR/);
  });

  it('prints help for every command and the version', () => {
    for (const cmd of ['segment', 'predict', 'rfm', 'demo']) {
      const r = run(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.out, cmd).toContain('Usage:');
    }
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version).toBeTypeOf('string');
  });
});
