/**
 * The message catalog: every user-facing error and warning text in one place (as vega-lite's
 * `log/message.ts`). Wording follows scikit-learn's where it has one, so its users recognise it.
 *
 * @packageDocumentation
 */

/** Formats a value for a message: short, unambiguous, never throws. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return value.length > 6 ? `an array of length ${value.length}` : safeJson(value);
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'function') return 'a function';
  return safeJson(value);
}

function safeJson(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** All message templates. Each returns one or more full sentences. */
export const messages = {
  notFitted: (estimator: string, method: string) =>
    `This ${estimator} instance is not fitted yet. Call 'fit' with appropriate arguments before using '${method}'.`,
  invalidParameter: (estimator: string, parameter: string, expected: string, got: unknown) =>
    `The '${parameter}' parameter of ${estimator} must be ${expected}. Got ${formatValue(got)} instead.`,
  unknownParameter: (estimator: string, parameter: string, known: readonly string[]) =>
    `${estimator} has no parameter '${parameter}'. Valid parameters are: ${known.join(', ')}.`,
  parameterConflict: (estimator: string, detail: string) => `${estimator}: ${detail}`,
  notTwoD: (estimator: string, input: string, got: string) =>
    `${estimator} expected a 2-D ${input} (rows of numbers), got ${got} instead. ` +
    `Reshape your data: wrap each value in its own row ([[v0], [v1], ...]) if it has a single feature, ` +
    `or wrap the whole array ([row]) if it is a single sample.`,
  ragged: (estimator: string, input: string, row: number, got: number, expected: number) =>
    `${estimator} expected every row of ${input} to have ${expected} values (like row 0), but row ${row} has ${got}. ` +
    `Pad or drop the incomplete rows first.`,
  notNumber: (estimator: string, input: string, row: number, column: number, got: unknown) =>
    `${estimator} expected numbers in ${input}, but row ${row}, column ${column} is ${formatValue(got)}. ` +
    `Encode categorical columns first (see OneHotEncoder or ColumnTransformer).`,
  nonFinite: (estimator: string, input: string, row: number, column: number, got: number) =>
    Number.isNaN(got)
      ? `Input ${input} contains NaN at row ${row}, column ${column}. ${estimator} does not accept missing values: ` +
        `impute or drop missing values first (see SimpleImputer).`
      : `Input ${input} contains infinity at row ${row}, column ${column}. ${estimator} needs finite values: ` +
        `clip or drop infinite values first.`,
  tooFewSamples: (estimator: string, input: string, got: number, cols: number, min: number) =>
    `${estimator} found ${input} with ${got} sample(s) (shape=(${got}, ${cols})) while a minimum of ${min} is required.`,
  tooFewFeatures: (estimator: string, input: string, rows: number, got: number, min: number) =>
    `${estimator} found ${input} with ${got} feature(s) (shape=(${rows}, ${got})) while a minimum of ${min} is required.`,
  featureCount: (estimator: string, input: string, got: number, expected: number) =>
    `${input} has ${got} features, but ${estimator} is expecting ${expected} features as input. ` +
    `Pass data with the same columns as in fit.`,
  lengthMismatch: (estimator: string, what: string, got: number, expected: number) =>
    `${estimator} expected ${what} of length ${expected} (one per sample), got length ${got}.`,
  badSampleWeight: (estimator: string, index: number, got: number) =>
    `${estimator} expected non-negative finite sample weights, but sampleWeight[${index}] is ${got}.`,
  zeroSampleWeight: (estimator: string) =>
    `${estimator} expected sample weights with a positive sum, but they sum to 0.`,
  badLabels: (estimator: string, index: number, got: unknown) =>
    `${estimator} expected integer labels (-1 for noise), but labels[${index}] is ${formatValue(got)}.`,
  aborted: (estimator: string) =>
    `${estimator}: fit was aborted through its AbortSignal. The estimator keeps the state it had before this call.`,

  serialization: {
    notObject: (got: unknown) =>
      `Expected a segmentkit model document (a JSON object), got ${formatValue(got)} instead.`,
    badFormat: (got: unknown) =>
      `Expected format 'segmentkit/estimator', got ${formatValue(got)} instead. Is this a segmentkit model document?`,
    newerVersion: (got: number, supported: number) =>
      `The document has format version ${got}, but this segmentkit reads versions up to ${supported}. Upgrade segmentkit.`,
    badVersion: (got: unknown) => `Expected a positive integer format version, got ${formatValue(got)} instead.`,
    unknownType: (got: unknown, known: readonly string[]) =>
      `Unknown estimator type ${formatValue(got)}. Known types: ${known.join(', ')}.`,
    wrongType: (expected: string, got: unknown) =>
      `${expected}.fromJSON was given a document of type ${formatValue(got)}. Use fromJSON() to restore any type.`,
    forbiddenKey: (path: string, key: string) =>
      `The document contains the forbidden key '${key}' at ${path}; it could pollute object prototypes.`,
    badField: (estimator: string, path: string, expected: string, got: unknown) =>
      `${estimator} document: ${path} must be ${expected}. Got ${formatValue(got)} instead.`,
    badParams: (estimator: string, detail: string) => `${estimator} document has invalid params: ${detail}`,
    inconsistent: (estimator: string, detail: string) => `${estimator} document is inconsistent: ${detail}`,
  },

  warnings: {
    notConverged: (estimator: string, maxIter: number) =>
      `${estimator} did not converge within maxIter=${maxIter} iterations. Increase maxIter or tol, or scale the data.`,
    fewerClusters: (estimator: string, found: number, asked: number) =>
      `${estimator} found only ${found} distinct cluster(s), fewer than nClusters=${asked}: ` +
      `the data has too few distinct points. Lower nClusters or check for duplicated rows.`,
  },
} as const;
