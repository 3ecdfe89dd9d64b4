// Reads the golden fixtures written by scripts/golden/preprocess.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parsed fixture test/fixtures/preprocess/<name>.json. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function golden(name: string): any {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'preprocess', `${name}.json`), 'utf8'));
}

/** null (NaN in the fixture) back to NaN. */
export function nan(rows: readonly (readonly (number | null)[])[]): number[][] {
  return rows.map((r) => r.map((v) => (v === null ? NaN : v)));
}
