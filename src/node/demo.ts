/**
 * The end-to-end demo behind `npm run demo` and `segmentkit demo`: segment the bundled synthetic
 * customers, explain the choice of k, profile the segments, check them against the truth, add RFM
 * segments from the transaction log, and save, restore and use the model.
 *
 * @packageDocumentation
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCustomers } from '../datasets/make-customers.js';
import { makeTransactions } from '../datasets/make-transactions.js';
import { clusteringAccuracy } from '../metrics/accuracy.js';
import { adjustedRandScore } from '../metrics/rand.js';
import { segment, type Segmentation } from '../segment/segment.js';
import { columnsReport, rfmReport, sweepReport, textTable } from './_report.js';
import { loadModel, saveModel } from './index.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Where the text goes, one section or line at a time. @defaultValue a line on standard output */
  readonly write?: (text: string) => void;
  /** Number of customers. @defaultValue 2000 */
  readonly n?: number;
}

/** Runs the demo, writing a report section by section. */
export function runDemo(options: DemoOptions = {}): void {
  const write = options.write ?? ((t: string) => void process.stdout.write(`${t}\n`));
  const n = options.n ?? 2000;
  const started = performance.now();
  const section = (title: string) => write(`\n== ${title} ${'='.repeat(Math.max(0, 72 - title.length))}`);

  // 1. The data: synthetic e-commerce customers with 4 hidden segments (and realistic mess:
  //    missing values, a few bulk orders, dates as text).
  const { records, segment: truth, segmentNames } = makeCustomers({ n, randomState: 0 });
  write(`segmentkit demo: ${n} synthetic customers from makeCustomers (4 hidden segments: ${segmentNames.join(', ')}).`);
  write(`First customer: ${JSON.stringify(records[0])}`);

  // 2. One call: column types, preprocessing, k, model, profiles.
  section('segment(records): choosing the number of segments');
  const s = segment(records);
  write('Columns used:');
  write(columnsReport(s));
  write('');
  if (s.selection !== null) write(sweepReport(s.selection));

  section(`The ${s.nSegments} segments (means in the table's own units; traits below each)`);
  write(s.table());

  // 3. How well the segments match the hidden truth.
  section('Agreement with the true segments');
  write(`adjusted Rand index: ${adjustedRandScore(truth, s.labels).toFixed(3)}   clustering accuracy: ${clusteringAccuracy(truth, s.labels).toFixed(3)}`);
  write(majorityReport(s, truth, segmentNames));

  // 4. RFM segments of the matching order log.
  section('RFM segments from the transaction log (makeTransactions)');
  const log = makeTransactions({ nCustomers: n, randomState: 0 });
  const report = rfmReport(log, { customerId: 'customerId', date: 'date', amount: 'amount', asOf: '2024-12-31' });
  write(`${log.length} orders of ${report.rows.length} customers, scored 1-5 by quintile and named by the classic RFM rules:`);
  write(report.summary);

  // 5. Persistence: save, restore in a "service", predict new customers.
  section('Save, restore, predict');
  const dir = mkdtempSync(join(tmpdir(), 'segmentkit-demo-'));
  try {
    const file = join(dir, 'segments.json');
    saveModel(file, s);
    const restored = loadModel(file) as Segmentation;
    const newCustomers = [
      { customerId: 'N1', age: 27, region: 'south', acquisitionChannel: 'social', sessionsPerMonth: 9, avgBasketSize: 24, discountUsage: 0.75, preferredChannel: 'web', totalSpend: 380, orderCount: 16, daysSinceLastOrder: 12, tenureDays: 540, firstOrderDate: '2023-07-10', lastOrderDate: '2024-12-19' },
      { customerId: 'N2', age: 44, region: 'north', acquisitionChannel: 'referral', sessionsPerMonth: 19, avgBasketSize: 90, discountUsage: 0.1, preferredChannel: 'app', totalSpend: 3600, orderCount: 40, daysSinceLastOrder: 3, tenureDays: 1100, firstOrderDate: '2021-12-26', lastOrderDate: '2024-12-28' },
    ];
    const predicted = restored.predict(newCustomers);
    write(`Saved the segmentation to a ${(JSON.stringify(s).length / 1024).toFixed(0)} KB JSON file and restored it (loadModel).`);
    write(`The restored model reproduces all ${n} training labels: ${restored.predict(records).every((v, i) => v === s.labels[i])}.`);
    newCustomers.forEach((c, i) => {
      const seg = predicted[i] as number;
      const profile = s.profiles.segments.find((p) => p.segment === seg);
      write(`${c.customerId} -> segment ${seg} (${profile?.highlights[0] ?? 'no distinctive trait'})`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  write(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

/** For each found segment, the true segment most of its customers come from. */
function majorityReport(s: Segmentation, truth: Int32Array, names: readonly string[]): string {
  const rows: string[][] = [];
  for (const p of s.profiles.segments) {
    const counts = new Array<number>(names.length).fill(0);
    for (let i = 0; i < truth.length; i++) if (s.labels[i] === p.segment) counts[truth[i] as number] = (counts[truth[i] as number] as number) + 1;
    const best = counts.indexOf(Math.max(...counts));
    rows.push([String(p.segment), String(p.size), names[best] ?? '?', `${((100 * (counts[best] as number)) / p.size).toFixed(1)}%`]);
  }
  return textTable(['segment', 'size', 'mostly (true segment)', 'purity'], rows);
}
