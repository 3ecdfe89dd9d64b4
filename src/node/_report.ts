/**
 * Private: plain-text reports shared by the CLI and the demo.
 *
 * @packageDocumentation
 */
import { rfm, rfmScores, rfmSegments, type RfmOptions } from '../preprocess/rfm.js';
import type { TableInput } from '../preprocess/table.js';
import type { Segmentation, SegmentSelection } from '../segment/segment.js';

/** Right-aligned columns under a header; the first column left-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) => r.map((v, j) => (j === 0 ? v.padEnd(widths[j] as number) : v.padStart(widths[j] as number))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function num(v: number | null, digits: number): string {
  if (v === null) return '-';
  const a = Math.abs(v);
  return a >= 1e5 ? v.toExponential(2) : v.toFixed(digits);
}

/** The sweep of a segmentation: one line per k, the chosen one marked, then the reasons. */
export function sweepReport(selection: SegmentSelection): string {
  const rows = selection.rows.map((r) => [
    `${r.k === selection.k ? '*' : ' '} ${r.k}`,
    num(r.silhouette, 3),
    num(r.calinskiHarabasz, 1),
    num(r.daviesBouldin, 3),
    num(r.inertia, 0),
    `${r.smallestSegment}${r.eligible ? '' : ' (too small)'}`,
  ]);
  const table = textTable(['  k', 'silhouette', 'calinski-harabasz', 'davies-bouldin', 'inertia', 'smallest segment'], rows);
  return `${table}\n\nChose k = ${selection.k}:\n${selection.reasons.map((r) => `  - ${r}`).join('\n')}`;
}

/** What the segmentation clustered on. */
export function columnsReport(s: Segmentation): string {
  const c = s.columns;
  const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : '(none)');
  const lines = [`  numeric:     ${list(c.numeric)}`, `  categorical: ${list(c.categorical)}`, `  date:        ${list(c.date)}`];
  for (const ig of c.ignored) lines.push(`  ignored:     ${ig.name} (${ig.reason})`);
  return lines.join('\n');
}

/** Per-customer RFM scores and segment names, plus a summary by segment. */
export function rfmReport(transactions: TableInput, options: RfmOptions): { rows: Record<string, string | number>[]; summary: string } {
  const table = rfm(transactions, options);
  const scores = rfmScores(table);
  const names = rfmSegments(scores);
  const n = table.customerId.length;
  const rows: Record<string, string | number>[] = new Array(n);
  const groups = new Map<string, { count: number; recency: number; frequency: number; monetary: number }>();
  for (let i = 0; i < n; i++) {
    const name = names[i] as string;
    rows[i] = {
      customerId: table.customerId[i] as string | number,
      recency: Number((table.recency[i] as number).toFixed(2)),
      frequency: table.frequency[i] as number,
      monetary: Number((table.monetary[i] as number).toFixed(2)),
      r: scores.r[i] as number,
      f: scores.f[i] as number,
      m: scores.m[i] as number,
      rfm: scores.rfm[i] as string,
      segment: name,
    };
    const g = groups.get(name) ?? { count: 0, recency: 0, frequency: 0, monetary: 0 };
    g.count++;
    g.recency += table.recency[i] as number;
    g.frequency += table.frequency[i] as number;
    g.monetary += table.monetary[i] as number;
    groups.set(name, g);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const summary = textTable(
    ['RFM segment', 'customers', 'share', 'recency (days)', 'orders', 'monetary'],
    ordered.map(([name, g]) => [
      name,
      String(g.count),
      `${((100 * g.count) / n).toFixed(1)}%`,
      (g.recency / g.count).toFixed(0),
      (g.frequency / g.count).toFixed(1),
      (g.monetary / g.count).toFixed(0),
    ]),
  );
  return { rows, summary };
}
