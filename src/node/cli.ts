#!/usr/bin/env node
/**
 * The `segmentkit` command: segment a customer CSV, predict with a saved model, score RFM from a
 * transaction log, or run the demo. Exit codes: 0 success, 1 a data or file error, 2 a usage error.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SegmentationError } from '../core/errors.js';
import type { Progress } from '../core/estimator.js';
import { Pipeline } from '../core/pipeline.js';
import { readTable, tableToMatrix, type TableRecord } from '../preprocess/table.js';
import { inferColumnTypes } from '../preprocess/infer-column-types.js';
import { Segmentation, segment, type SegmentAlgorithm } from '../segment/segment.js';
import { columnsReport, rfmReport, sweepReport } from './_report.js';
import { runDemo } from './demo.js';
import { loadModel, readCsv, saveModel, writeCsv, type CsvRecord } from './index.js';

const USAGE = `segmentkit: customer segmentation from the command line

Usage:
  segmentkit segment <customers.csv> [--k auto|N] [--algorithm kmeans|gmm] [--seed N]
                     [--out labels.csv] [--model model.json] [--quiet]
      Segments the customers (one row each, header row first): infers column types, chooses the
      number of segments (--k auto, the default, tries 2..8), prints how k was chosen and the
      segment table. --out writes the id column(s) and the segment of each row; --model saves
      the fitted model for 'predict'.
  segmentkit predict <model.json> <customers.csv> [--out labels.csv]
      Assigns new customers to the segments of a saved model (from 'segment --model', or any
      saved pipeline with predict). Without --out the labels are printed as CSV.
  segmentkit rfm <transactions.csv> --customer COL --date COL --amount COL [--as-of YYYY-MM-DD]
                 [--out rfm.csv]
      Recency, frequency and monetary value per customer, 1-5 scores and RFM segment names.
  segmentkit demo
      The end-to-end demo on 2000 synthetic customers (same as npm run demo).
  segmentkit --help | --version

Exit codes: 0 success, 1 data or file error, 2 usage error.`;

/** A mistake in the command line (exit code 2). */
class UsageError extends Error {}

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly progress: boolean;
  readonly tty: boolean;
}

function positionals(args: readonly string[], count: number, command: string, names: string): string[] {
  if (args.length < count) throw new UsageError(`'${command}' needs ${names}.`);
  if (args.length > count) throw new UsageError(`'${command}' got unexpected argument(s): ${args.slice(count).join(' ')}.`);
  return args.slice(0, count);
}

function parse(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function idColumns(records: readonly CsvRecord[]): string[] {
  return inferColumnTypes(records).identifier;
}

/** The id column(s) and the segment of each row, for --out. */
function labelRows(records: readonly CsvRecord[], labels: Int32Array): Record<string, unknown>[] {
  const ids = idColumns(records);
  return records.map((r, i) => {
    const row: Record<string, unknown> = {};
    if (ids.length === 0) row.row = i + 1;
    for (const c of ids) row[c] = r[c];
    row.segment = labels[i];
    return row;
  });
}

function progressReporter(io: Io): ((p: Progress) => void) | undefined {
  if (!io.progress) return undefined;
  return (p) => {
    if (p.stage !== 'sweepK') return;
    const text = `trying k: fit ${p.step} of ${p.total}`;
    if (io.tty) io.err(`\r${text}${p.step === p.total ? '\n' : ''}`);
    else io.err(`${text}\n`);
  };
}

function commandSegment(argv: readonly string[], io: Io): void {
  const { values, positionals: args } = parse(argv, {
    k: { type: 'string' },
    algorithm: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) return io.out(`${USAGE}\n`);
  const [file] = positionals(args, 1, 'segment', 'a CSV file of customers') as [string];
  const kText = (values.k as string | undefined) ?? 'auto';
  if (kText !== 'auto' && !/^\d+$/.test(kText)) throw new UsageError(`--k must be 'auto' or a whole number of segments, got '${kText}'.`);
  const algorithm = (values.algorithm as string | undefined) ?? 'kmeans';
  if (algorithm !== 'kmeans' && algorithm !== 'gmm') throw new UsageError(`--algorithm must be 'kmeans' or 'gmm', got '${algorithm}'.`);
  const seedText = values.seed as string | undefined;
  if (seedText !== undefined && !/^\d+$/.test(seedText)) throw new UsageError(`--seed must be a non-negative whole number, got '${seedText}'.`);

  const records = readCsv(file);
  const quiet = values.quiet === true;
  const s = segment(records, {
    nSegments: kText === 'auto' ? 'auto' : Number(kText),
    algorithm: algorithm as SegmentAlgorithm,
    randomState: seedText === undefined ? 0 : Number(seedText),
    onProgress: progressReporter({ ...io, progress: io.progress && !quiet }),
  });
  if (!quiet) {
    io.out(`${records.length} customers from ${file}\nColumns used:\n${columnsReport(s)}\n\n`);
    if (s.selection !== null) io.out(`${sweepReport(s.selection)}\n\n`);
  }
  io.out(`${s.table()}\n`);
  if (typeof values.out === 'string') {
    writeCsv(values.out, labelRows(records, s.labels));
    if (!quiet) io.out(`\nWrote the segment of each customer to ${values.out}\n`);
  }
  if (typeof values.model === 'string') {
    saveModel(values.model, s);
    if (!quiet) io.out(`Saved the model to ${values.model} (use: segmentkit predict ${values.model} <customers.csv>)\n`);
  }
}

function commandPredict(argv: readonly string[], io: Io): void {
  const { values, positionals: args } = parse(argv, { out: { type: 'string' } });
  if (values.help) return io.out(`${USAGE}\n`);
  const [modelFile, file] = positionals(args, 2, 'predict', 'a model file and a CSV file of customers') as [string, string];
  const model = loadModel(modelFile);
  const records = readCsv(file);
  let labels: Int32Array;
  if (model instanceof Segmentation) labels = model.predict(records as TableRecord[]);
  else if (model instanceof Pipeline && typeof model.predict === 'function') {
    // a pipeline that starts with a table step (ColumnTransformer) reads the records by column
    // name; one fitted on a matrix gets the CSV's columns in file order
    const first = model.step(0).constructor as { tableInput?: boolean };
    const input = first.tableInput === true ? records : tableToMatrix(readTable(records, { estimator: 'segmentkit predict', input: file }), { estimator: 'segmentkit predict' });
    labels = model.predict(input);
  }
  else throw new SegmentationError('VALIDATION', `The model in '${modelFile}' cannot assign new customers (it is a ${model.estimatorType} without predict). Save a segmentation with 'segmentkit segment --model'.`);
  const rows = labelRows(records, labels);
  if (typeof values.out === 'string') {
    writeCsv(values.out, rows);
    const counts = new Map<number, number>();
    for (const v of labels) counts.set(v, (counts.get(v) ?? 0) + 1);
    const summary = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([k, c]) => `segment ${k}: ${c}`).join(', ');
    io.out(`Assigned ${labels.length} customers (${summary}); wrote ${values.out}\n`);
  } else {
    const header = Object.keys(rows[0] ?? { segment: 0 });
    io.out(`${header.join(',')}\n${rows.map((r) => header.map((h) => csvCell(r[h])).join(',')).join('\n')}\n`);
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function commandRfm(argv: readonly string[], io: Io): void {
  const { values, positionals: args } = parse(argv, {
    customer: { type: 'string' },
    date: { type: 'string' },
    amount: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return io.out(`${USAGE}\n`);
  const [file] = positionals(args, 1, 'rfm', 'a CSV file of transactions') as [string];
  const missing = ['customer', 'date', 'amount'].filter((k) => typeof values[k] !== 'string');
  if (missing.length > 0) throw new UsageError(`'rfm' needs the column names ${missing.map((m) => `--${m} COL`).join(', ')}.`);
  const asOf = values['as-of'] as string | undefined;
  const transactions = readCsv(file);
  const report = rfmReport(transactions, {
    customerId: values.customer as string,
    date: values.date as string,
    amount: values.amount as string,
    ...(asOf !== undefined ? { asOf } : {}),
  });
  io.out(`${transactions.length} transactions of ${report.rows.length} customers from ${file}\n\n${report.summary}\n`);
  if (typeof values.out === 'string') {
    writeCsv(values.out, report.rows);
    io.out(`\nWrote the RFM scores and segment of each customer to ${values.out}\n`);
  }
}

/** The package version, from the package.json above the running script (dist/cli.js or src/node/cli.ts). */
function version(): string {
  let dir = dirname(realpathSync(process.argv[1] ?? '.'));
  for (let up = 0; up < 4; up++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'segmentkit' && typeof pkg.version === 'string') return pkg.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code. Output
 * goes through `io` (stdout/stderr by default), so tests and embedders can capture it.
 */
export function main(argv: readonly string[], io: Partial<Io> = {}): number {
  const stdout = io.out ?? ((t: string) => void process.stdout.write(t));
  const stderr = io.err ?? ((t: string) => void process.stderr.write(t));
  const tty = io.tty ?? process.stderr.isTTY === true;
  const full: Io = { out: stdout, err: stderr, progress: io.progress ?? true, tty };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        stderr(`${USAGE}\n`);
        return 2;
      case '--help':
      case '-h':
      case 'help':
        stdout(`${USAGE}\n`);
        return 0;
      case '--version':
      case '-v':
        stdout(`${version()}\n`);
        return 0;
      case 'segment':
        commandSegment(rest, full);
        return 0;
      case 'predict':
        commandPredict(rest, full);
        return 0;
      case 'rfm':
        commandRfm(rest, full);
        return 0;
      case 'demo':
        if (rest.length > 0 && rest[0] !== '--help' && rest[0] !== '-h') throw new UsageError(`'demo' takes no arguments, got: ${rest.join(' ')}.`);
        if (rest.length > 0) stdout(`${USAGE}\n`);
        else runDemo({ write: (t) => stdout(`${t}\n`) });
        return 0;
      default:
        throw new UsageError(`unknown command '${command}'.`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      stderr(`segmentkit: ${err.message}\nRun 'segmentkit --help' for usage.\n`);
      return 2;
    }
    if (err instanceof SegmentationError) {
      stderr(`segmentkit: ${err.message}\n`);
      return 1;
    }
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // file system errors (EACCES, EISDIR, ENOSPC...): the message names the path
      stderr(`segmentkit: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}

const invokedDirectly = (() => {
  const script = process.argv[1] ?? '';
  return /(?:^|[\\/])(?:cli\.(?:ts|js|cjs|mjs)|segmentkit)$/.test(script);
})();

if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
