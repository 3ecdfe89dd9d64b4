// The numeric columns of makeCustomers records as a matrix, for tests that cluster them.
import type { Matrix } from '../../src/core/matrix.js';
import { CUSTOMER_NUMERIC_COLUMNS, type CustomerRecord } from '../../src/datasets/index.js';

/** Numeric columns, nulls imputed with the column mean, standardized (population sd). */
export function standardizedNumeric(records: readonly CustomerRecord[]): Matrix {
  const n = records.length;
  const d = CUSTOMER_NUMERIC_COLUMNS.length;
  const data = new Float64Array(n * d);
  CUSTOMER_NUMERIC_COLUMNS.forEach((col, j) => {
    const present = records.map((r) => r[col]).filter((v): v is number => v !== null);
    const mean = present.reduce((s, v) => s + v, 0) / present.length;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = records[i]![col] ?? mean;
      data[i * d + j] = v;
      ss += (v - mean) ** 2;
    }
    const sd = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < n; i++) data[i * d + j] = (data[i * d + j]! - mean) / sd;
  });
  return { rows: n, cols: d, data };
}
