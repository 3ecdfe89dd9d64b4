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

  metrics: {
    numberOfLabels: (fn: string, got: number, nSamples: number) =>
      `${fn} is only defined for 2 to n_samples - 1 (inclusive) distinct labels, but got ${got} distinct label(s) ` +
      `for ${nSamples} sample(s). Pass a clustering with at least 2 clusters and at least one cluster of 2 or more samples.`,
    allNoise: (fn: string, nSamples: number) =>
      `${fn} was asked to ignore noise (noise: 'ignore'), but all ${nSamples} labels are -1 (noise). ` +
      `Use noise: 'cluster' to score noise as its own cluster, or lower the clusterer's noise threshold.`,
    invalidEntries: (fn: string, row: number, column: number, got: number, forbidden: string) =>
      `${fn} found an invalid cost ${got} at row ${row}, column ${column}. Costs must be finite numbers, ` +
      `or ${forbidden} to forbid an assignment.`,
    infeasible: (fn: string, forbidden: string) =>
      `${fn}: the cost matrix is infeasible: every complete assignment uses a forbidden (${forbidden}) cell.`,
    notIncreasing: (fn: string, what: string, index: number) =>
      `${fn} expected ${what} to be strictly increasing, but entry ${index} is not larger than entry ${index - 1}.`,
    tooFewPoints: (fn: string, what: string, got: number, min: number) =>
      `${fn} needs at least ${min} ${what}, got ${got}.`,
    notFiniteValue: (fn: string, what: string, index: number, got: unknown) =>
      `${fn} expected finite numbers in ${what}, but ${what}[${index}] is ${formatValue(got)}.`,
    badModel: (fn: string, what: string, got: unknown) =>
      `${fn}: the factory 'make' must return ${what}, got ${formatValue(got)} instead.`,
    noLabels: (fn: string, estimator: string) =>
      `${fn}: ${estimator} gave no labels after fit (expected an Int32Array with one label per row of X). ` +
      `Pass a factory that builds a clusterer (it must have 'labels' or 'fitPredict').`,
    noCriterion: (fn: string, criterion: string) =>
      `${fn}: the model has no '${criterion}' method, so it cannot be ranked by ${criterion}. ` +
      `Pass a factory that builds a model with ${criterion}(X) (for example GaussianMixture).`,
    allFailed: (fn: string, detail: string) => `${fn}: every candidate model failed to fit. The first error was: ${detail}`,
    notSquare: (fn: string, rows: number, cols: number) =>
      `${fn} with metric 'precomputed' expected a square distance matrix, got shape (${rows}, ${cols}).`,
    badDiagonal: (fn: string, index: number, got: number) =>
      `${fn} with metric 'precomputed' expected zeros on the diagonal of the distance matrix, but entry ` +
      `(${index}, ${index}) is ${got}. Set the diagonal to 0.`,
    labelOutOfRange: (fn: string, label: number, row: number, k: number) =>
      `${fn} got label ${label} at row ${row}, but centers has ${k} row(s), so labels must be in 0..${k - 1}` +
      `${label === -1 ? " (pass noise: 'ignore' to skip noise rows)" : ''}.`,
  },
  preprocess: {
    notTable: (estimator: string, input: string, got: string) =>
      `${estimator} expected ${input} as a table: an array of records ([{ col: value }, ...]), an object of columns ` +
      `({ col: [values] }), or a 2-D array of values. Got ${got} instead.`,
    emptyTable: (estimator: string, input: string) =>
      `${estimator} found ${input} with 0 sample(s) (no rows); at least 1 row is required. Check the filter that produced it.`,
    noColumns: (estimator: string, input: string) =>
      `${estimator} found ${input} with 0 feature(s) (no columns); at least 1 column is required.`,
    notRecord: (estimator: string, input: string, row: number, got: unknown) =>
      `${estimator} expected every row of ${input} to be a record (an object), but row ${row} is ${formatValue(got)}.`,
    missingColumn: (estimator: string, input: string, column: string, row: number) =>
      `${estimator} expected a column '${column}' in ${input}, but record ${row} has no key '${column}'. ` +
      `Give every record the same keys (use null for a missing value).`,
    absentColumn: (estimator: string, input: string, column: string, available: readonly string[]) =>
      `${estimator} expected a column '${column}' in ${input}, but it has only ${available.length ? available.map((c) => `'${c}'`).join(', ') : 'no columns'}.`,
    columnLength: (estimator: string, input: string, column: string, got: number, expected: number) =>
      `${estimator} expected every column of ${input} to have ${expected} values (like the first column), but column '${column}' has ${got}.`,
    notNumericCell: (estimator: string, column: string, row: number, got: unknown, index?: number) =>
      `${estimator} expected numbers in column '${column}', but row ${row}${index === undefined ? '' : `, column ${index}`} is ${formatValue(got)} (a ${got === null ? 'null' : typeof got}). ` +
      `The column mixes types: clean or cast it, or treat it as categorical (see OneHotEncoder).`,
    allMissing: (estimator: string, column: string) =>
      `${estimator} found only missing values in column '${column}', so there is nothing to learn from it. ` +
      `Drop the column, or impute it with strategy 'constant'.`,
    missingCell: (estimator: string, column: string, row: number, index?: number) =>
      `${estimator} found a missing value (null, undefined or NaN) in column '${column}' at row ${row}${index === undefined ? '' : `, column ${index}`}. ` +
      `Impute it first (see SimpleImputer).`,
    unknownCategory: (estimator: string, column: string, row: number, got: unknown, known: readonly unknown[], index?: number) =>
      `${estimator} found unknown category ${formatValue(got)} in column '${column}' at row ${row}${index === undefined ? '' : `, column ${index}`} during transform ` +
      `(known: ${known.length > 8 ? `${known.slice(0, 8).map(formatValue).join(', ')}, ...` : known.map(formatValue).join(', ')}). ` +
      `Set handleUnknown to 'ignore' or 'infrequent_if_exist' to accept new categories.`,
    mixedCategories: (estimator: string, column: string, row: number, got: unknown, first: string, index?: number) =>
      `${estimator} expected column '${column}' to hold only ${first}s (like its first value), but row ${row}${index === undefined ? '' : `, column ${index}`} is ${formatValue(got)}. ` +
      `Cast the column to one type first.`,
    badCategoryCell: (estimator: string, column: string, row: number, got: unknown, index?: number) =>
      `${estimator} expected strings, numbers, booleans or missing values in column '${column}', but row ${row}${index === undefined ? '' : `, column ${index}`} is ${formatValue(got)}.`,
    badDate: (estimator: string, column: string, row: number, got: unknown, index?: number) =>
      `${estimator} expected a date (a Date, an ISO 8601 string or epoch milliseconds) in column '${column}', but row ${row}${index === undefined ? '' : `, column ${index}`} is ${formatValue(got)}.`,
    badAmount: (estimator: string, column: string, row: number, got: unknown) =>
      `${estimator} expected a finite non-negative number in column '${column}', but row ${row} is ${formatValue(got)}. ` +
      `Parse amounts to numbers and drop refunds or negative adjustments first.`,
    missingId: (estimator: string, column: string, row: number, got: unknown) =>
      `${estimator} expected a customer id (a non-empty string or a number) in column '${column}', but row ${row} is ${formatValue(got)}.`,
    afterAsOf: (estimator: string, column: string, row: number, date: string, asOf: string) =>
      `${estimator} found a date after asOf in column '${column}' at row ${row} (${date} > ${asOf}). ` +
      `Move asOf later, or set future to 'ignore' to skip such rows.`,
    notPositive: (estimator: string, method: string, row: number, column: number, got: number) =>
      `${estimator} with method '${method}' needs strictly positive values, but row ${row}, column ${column} is ${got}. ` +
      `Use method 'yeo-johnson' for data with zeros or negative values.`,
    logDomain: (estimator: string, row: number, column: number, got: number, offset: number) =>
      `${estimator} computes log1p(x + offset) and needs x + offset >= 0, but row ${row}, column ${column} is ${got} (offset ${offset}). ` +
      `Raise the offset, or use offset 'auto' to learn it from the training data.`,
    constantColumn: (estimator: string, column: number) =>
      `${estimator} found column ${column} constant, so its transform is undefined. Drop constant columns first (see VarianceThreshold).`,
    noFeatureKept: (estimator: string, threshold: number) =>
      `${estimator}: no feature in X meets the variance threshold ${threshold.toFixed(5)}. Lower the threshold.`,
    categoricalFitted: (estimator: string, method: string) =>
      `${estimator} was fitted on non-numeric columns, so '${method}' cannot return a numeric matrix. Use 'transformTable' ` +
      `(or follow it with an encoder such as OneHotEncoder).`,
    tooManyBins: (estimator: string, bins: number, rules: number) =>
      `${estimator}: the default segment rules are written for scores 1-5, but bins is ${bins}. Pass your own rules (rules option) for ${rules} bins.`,
    duplicateName: (estimator: string, what: string, name: string) =>
      `${estimator} expected unique ${what}, but '${name}' appears more than once.`,
    constantPower: (estimator: string, column: number) =>
      `${estimator} found column ${column} constant: its lambda is arbitrary and the column maps to a constant (0 when standardized). ` +
      `Drop constant columns first (see VarianceThreshold).`,
    outsideRange: (estimator: string, row: number, column: number, got: number, detail: string) =>
      `${estimator}.inverseTransform found a value outside the range of the fitted transform at row ${row}, column ${column}: ${got} (${detail}). ` +
      `Pass values produced by transform.`,
    quantilesOverSubsample: (estimator: string, nQuantiles: number, subsample: number) =>
      `${estimator}: nQuantiles (${nQuantiles}) cannot be greater than subsample (${subsample}), the number of samples used to estimate the quantiles. ` +
      `Lower nQuantiles or raise subsample.`,
    clampedToSamples: (estimator: string, parameter: string, value: number, n: number) =>
      `${estimator}: ${parameter} (${value}) is greater than the number of samples (${n}); ${parameter} is set to ${n}.`,
    constantCorrelation: (fn: string, column: number) =>
      `${fn} found column ${column} constant, so its correlation with other columns is undefined (0 / 0). ` +
      `Drop constant columns first (see VarianceThreshold).`,
  },

  mixture: {
    tooFewSamples: (estimator: string, n: number, k: number) =>
      `${estimator} expected n_samples >= nComponents, but got nComponents = ${k}, n_samples = ${n}. Lower nComponents or pass more rows.`,
    initShape: (estimator: string, parameter: string, expected: string, got: string) =>
      `The '${parameter}' parameter of ${estimator} must have shape ${expected} (from nComponents, the number of features and covarianceType), got shape ${got}.`,
    weightsRange: (estimator: string, min: number, max: number) =>
      `The 'weightsInit' parameter of ${estimator} must hold values in [0, 1], but got min ${min}, max ${max}.`,
    weightsSum: (estimator: string, sum: number) =>
      `The 'weightsInit' parameter of ${estimator} must sum to 1, but it sums to ${sum}. Divide the weights by their sum.`,
    notPositiveDefinite: (estimator: string, covarianceType: string, which: string) =>
      `The 'precisionsInit' parameter of ${estimator} must hold symmetric positive definite precisions for covarianceType '${covarianceType}', but ${which} is not.`,
    illDefined: (estimator: string, regCovar: number) =>
      `Fitting ${estimator} failed because some components have ill-defined empirical covariance (for instance caused by singleton ` +
      `or collapsed samples). Try to decrease the number of components, or increase regCovar (now ${regCovar}).`,
    overflow: (estimator: string) =>
      `Fitting ${estimator} failed because the covariances overflowed: the data are of too large a magnitude for float64 ` +
      `second moments. Scale the data first (see StandardScaler).`,
    densityUnderflow: (estimator: string, what: string, row: number) =>
      `${estimator} could not compute the ${what} of row ${row}: its density under every component underflows to 0 (the row is ` +
      `extremely far from every component, or the data are of extreme magnitude). Scale the data first (see StandardScaler).`,
    noSampleWeight: (estimator: string) =>
      `${estimator} does not support sampleWeight (as scikit-learn's GaussianMixture). Repeat rows to weight them.`,
    sampleCount: (estimator: string, got: unknown) =>
      `${estimator}.sample needs an integer number of samples >= 1. Got ${formatValue(got)} instead.`,
  },

  reduce: {
    squaresOverflow: (estimator: string) =>
      `${estimator} needs sums of squares of X, which overflow float64 for data of this magnitude (|x| above about 1e150). ` +
      `Scale the data first (see StandardScaler or MaxAbsScaler).`,
    tooManyComponents: (estimator: string, nComponents: number, max: number, solver: string) =>
      `${estimator}: nComponents=${nComponents} must be between 1 and min(nSamples, nFeatures)=${max} with svdSolver='${solver}'. ` +
      `Lower nComponents or pass more data.`,
    fractionNeedsAllComponents: (estimator: string, nComponents: unknown, solver: string) =>
      `${estimator}: nComponents=${formatValue(nComponents)} asks for every component, which svdSolver='${solver}' does not compute. ` +
      `Pass an integer nComponents, or use svdSolver 'full', 'covariance' or 'auto'.`,
    singularCovariance: (estimator: string) =>
      `${estimator} cannot compute a log-likelihood: the fitted covariance is singular (noiseVariance is 0 and the ` +
      `components do not span every feature). Fit with nComponents below min(nSamples, nFeatures).`,
    batchTooSmall: (estimator: string, nComponents: number, rows: number) =>
      `${estimator}: nComponents=${nComponents} must be less or equal to the batch number of samples ${rows}. ` +
      `Pass larger batches or lower nComponents.`,
    componentsChanged: (estimator: string, before: number, now: number) =>
      `${estimator}: nComponents=${now} differs from the ${before} components learned by earlier partialFit calls. ` +
      `Keep nComponents fixed between partialFit calls, or call fit to start over.`,
    tooFewForNeighbors: (estimator: string, n: number, nNeighbors: number) =>
      `${estimator} needs more samples than nNeighbors=${nNeighbors}, got ${n}. Lower nNeighbors or pass more data.`,
    transformUnavailable: (estimator: string, reason: string) => `${estimator} cannot transform new points: ${reason}`,
  },

  pipeline: {
    noSteps: (method: string) => `Pipeline.${method} needs at least one step. Build one with pipeline(step).pipe(...).cluster(...).`,
    notAStep: (index: number, got: unknown) =>
      `Pipeline step ${index} must be { name, estimator } with a segmentkit estimator, got ${formatValue(got)} instead.`,
    badName: (index: number, got: unknown) =>
      `Pipeline step ${index} needs a non-empty name without '.', got ${formatValue(got)} instead.`,
    duplicateName: (name: string) => `Pipeline step names must be unique, but '${name}' is used twice. Name the steps explicitly.`,
    unknownStep: (key: string, names: readonly string[]) =>
      `Pipeline has no step ${formatValue(key)}. Steps are: ${names.map((n, i) => `${i} '${n}'`).join(', ')}.`,
    badParamKey: (key: string) =>
      `Pipeline.withParams expected keys '<step name or index>.<parameter>' (for example 'pca.nComponents'), got ${formatValue(key)}.`,
    noMethod: (method: string, last: string) =>
      `This Pipeline ends in ${last}, which has no '${method}'. End the pipeline in an estimator that has it.`,
    notTransformer: (index: number, type: string) =>
      `Pipeline step ${index} (${type}) has no 'transform', so it can only be the last step.`,
  },
  kmeans: {
    tooFewSamples: (estimator: string, input: string, n: number, k: number) =>
      `${estimator} found ${input} with n_samples=${n} rows, fewer than nClusters=${k}. Lower nClusters or pass more rows.`,
    initShape: (estimator: string, k: number, d: number, rows: number, cols: number) =>
      `The 'init' parameter of ${estimator} must have shape (${k}, ${d}) (nClusters x number of features), got shape (${rows}, ${cols}).`,
  },
  hierarchical: {
    exactlyOne: (estimator: string, nClusters: unknown, threshold: unknown) =>
      `${estimator}: exactly one of nClusters and distanceThreshold must be set, the other null. ` +
      `Got nClusters=${formatValue(nClusters)} and distanceThreshold=${formatValue(threshold)}. ` +
      `To cut the tree at a height h, pass { nClusters: null, distanceThreshold: h }.`,
    wardMetric: (estimator: string, metric: string) =>
      `${estimator}: linkage 'ward' works only with metric 'euclidean', got metric '${metric}'. ` +
      `Use linkage 'average', 'complete' or 'single' for other metrics.`,
    fullTree: (estimator: string) =>
      `${estimator}: computeFullTree must be true or 'auto' when distanceThreshold is set (the whole tree is needed to cut it at a height). Got false.`,
    tooManyClusters: (estimator: string, k: number, n: number) =>
      `${estimator} cannot extract nClusters=${k} clusters from a tree with ${n} leaves (samples). Lower nClusters or pass more rows.`,
    matrixTooLarge: (estimator: string, linkage: string, n: number) =>
      `${estimator} with linkage '${linkage}' needs the n(n-1)/2 pairwise distance matrix, ` +
      `${((n * (n - 1)) / 2 * 8 / 1e9).toFixed(1)} GB for n=${n} rows, which could not be allocated. ` +
      `Use linkage 'ward' or 'single' (O(n) memory), or cluster a sample of the rows.`,
  },
  density: {
    zeroRow: (estimator: string, input: string, row: number) =>
      `${estimator}: row ${row} of ${input} is all zeros, and the cosine distance is undefined for it. ` +
      `Drop or change all-zero rows, or use metric 'euclidean'.`,
    minSamplesTooLarge: (estimator: string, minSamples: number, n: number) =>
      `${estimator}: minSamples=${minSamples} must be at most the number of samples in X (${n}). Lower minSamples or pass more rows.`,
  },
  deep: {
    backendPending: (estimator: string) =>
      `${estimator} cannot train while a tfjs backend is still initializing. Await setBackend() (or use fitAsync) before fit.`,
    backendUnavailable: (name: string, registered: readonly string[]) =>
      `The tfjs backend ${name} could not be initialized. Registered backends: ${registered.join(', ') || 'none'}. ` +
      `Import the backend package (e.g. @tensorflow/tfjs-backend-webgl) or choose another one with setBackend().`,
    diverged: (estimator: string, stage: string) =>
      `${estimator} training diverged during '${stage}': the loss is not finite. Lower learningRate, or scale the data first (see StandardScaler).`,
    tooManyComponents: (estimator: string, nComponents: number, nFeatures: number) =>
      `${estimator} expected nComponents <= the number of features (${nFeatures}), got nComponents=${nComponents}. ` +
      `Lower nComponents: the latent code should compress the input.`,
    batchSizeClamped: (estimator: string, batchSize: number, n: number) =>
      `${estimator} got batchSize=${batchSize}, larger than the ${n} training rows; it was clipped to ${n}.`,
    imageShape: (estimator: string, shape: readonly number[], nFeatures: number) =>
      `${estimator} expected imageShape [height, width, channels] whose product is the number of features (${nFeatures}), ` +
      `got [${shape.join(', ')}] (${shape.reduce((a, b) => a * b, 1)} values). Pass the shape of the images the rows hold, or null for a dense autoencoder.`,
    imageTooSmall: (estimator: string, shape: readonly number[], layer: number, size: readonly number[]) =>
      `${estimator} expected images large enough for every convolution, but convolution ${layer} of an image of shape ` +
      `[${shape.join(', ')}] would get an input of ${size.join(' x ')} pixels, smaller than its kernel. Use fewer convFilters or smaller convKernels.`,
    convKernels: (estimator: string, kernels: number, filters: number) =>
      `${estimator} expected one convKernels entry per convFilters entry (${filters}), got ${kernels}. Give each convolution its kernel size.`,
    presetConflict: (estimator: string, preset: string, parameter: string) =>
      `${estimator}: preset '${preset}' sets the architecture itself, so '${parameter}' must keep its default. ` +
      `Drop '${parameter}' or set preset to null.`,
    outsideUnitInterval: (estimator: string, input: string, row: number, column: number, got: number, why: string) =>
      `${estimator} expected values in [0, 1] in ${input} (${why}), but row ${row}, column ${column} is ${got}. ` +
      `Scale the features to [0, 1] first (e.g. min-max scaling).`,
    tooFewSamples: (estimator: string, n: number, k: number) =>
      `${estimator} found n_samples=${n} rows, fewer than nClusters=${k}. Lower nClusters or pass more data.`,
    sampleCount: (estimator: string, got: unknown) =>
      `${estimator}.sample needs an integer number of samples >= 1. Got ${formatValue(got)} instead.`,
    badAutoencoder: (estimator: string, detail: string) =>
      `${estimator} cannot use the autoencoder passed to fit: ${detail}`,
    noSampleWeight: (estimator: string) =>
      `${estimator} does not support sampleWeight. Repeat rows to weight them.`,
    epochsExhausted: (estimator: string, epochs: number) =>
      `${estimator} trained for all epochs=${epochs} and the loss was still improving by more than tol. Increase epochs (or tol).`,
  },
  segment: {
    notCenters: (fn: string, which: string, got: unknown) =>
      `${fn} expected the ${which} segments as cluster centres: a 2-D array, a Matrix, or a fitted model with ` +
      `clusterCenters (KMeans) or means (GaussianMixture). Got ${formatValue(got)} instead.`,
    notSnapshot: (fn: string, which: string, got: unknown) =>
      `${fn} expected the ${which} snapshot as { labels } or { ids, labels } (one customer id per label) to match ` +
      `segments by membership. Got ${formatValue(got)} instead.`,
    mixedInputs: (fn: string) =>
      `${fn} expected both inputs of the same kind: two sets of centres (method 'centroid') or two { ids, labels } ` +
      `snapshots (method 'overlap').`,
    centersWidth: (fn: string, previous: number, current: number) =>
      `${fn}: the previous centres have ${previous} features but the current ones have ${current}. ` +
      `Align models fitted on the same features.`,
    idsLength: (fn: string, which: string, ids: number, labels: number) =>
      `${fn} expected one customer id per label in the ${which} snapshot, got ${ids} ids for ${labels} labels.`,
    badId: (fn: string, which: string, index: number, got: unknown) =>
      `${fn} expected customer ids (strings or finite numbers) in the ${which} snapshot, but ids[${index}] is ${formatValue(got)}.`,
    duplicateId: (fn: string, which: string, id: unknown, first: number, second: number) =>
      `${fn} expected unique customer ids in the ${which} snapshot, but ${formatValue(id)} appears at positions ${first} and ${second}.`,
    unpairedLabels: (fn: string, previous: number, current: number) =>
      `${fn} got ${previous} previous and ${current} current labels without ids. Pass ids ({ ids, labels }) to ` +
      `pair customers, or labels of the same customers in the same order.`,
    noSharedCustomers: (fn: string) =>
      `${fn} found no customer that is in a segment (label >= 0) in both snapshots, so segments cannot be matched by ` +
      `membership. Check that both snapshots use the same customer ids, or match by centroid distance.`,
    previousIdsLength: (fn: string, got: number, expected: number) =>
      `${fn} expected one previousIds entry per previous segment (${expected}), got ${got}.`,
    unknownLabel: (fn: string, index: number, label: number, k: number) =>
      `${fn}: labels[${index}] = ${label} is not a segment of the current model, whose labels are 0 to ${k - 1} (and -1 for noise).`,
    notIds: (fn: string, which: string, got: unknown) =>
      `${fn} expected the customer ids of the ${which} snapshot as an array (strings or numbers), got ${formatValue(got)} instead.`,
    idsForOne: (fn: string) => `${fn} got customer ids for only one of the two snapshots; pass ids for both or for neither.`,
    distanceOverflow: (fn: string) =>
      `${fn}: the distances between centres overflow float64. Compare centres of scaled data (see StandardScaler).`,
    sharesLength: (fn: string, expected: number, actual: number) =>
      `${fn} expected two share vectors of the same length (one entry per segment or bin), got ${expected} and ${actual}.`,
    badShare: (fn: string, what: string, index: number, got: unknown) =>
      `${fn} expected non-negative finite shares (or counts) in ${what}, but ${what}[${index}] is ${formatValue(got)}.`,
    zeroShares: (fn: string, what: string) => `${fn} expected ${what} to have a positive sum, but it sums to 0.`,
    featureNames: (fn: string, got: number, expected: number) =>
      `${fn} expected one feature name per column (${expected}), got ${got}.`,
    notPoints: (fn: string, cols: number) =>
      `${fn} expected 2-D points (n x 2, for example PCA or UMAP with nComponents: 2), got ${cols} column(s). ` +
      `Reduce the data to two dimensions first.`,
    lengthsDiffer: (fn: string, what: string, got: number, expected: number) =>
      `${fn} expected ${what} of length ${expected}, got ${got}.`,
    notPlotSpec: (fn: string, got: unknown) =>
      `${fn} renders the specs made by segmentScatterSpec, segmentSizesSpec, profileHeatmapSpec, elbowSpec and ` +
      `silhouetteSpec (marked in usermeta.segmentkit), got ${formatValue(got)}. Render other specs with vega.`,
  },
  segmentation: {
    noFeatures: (fn: string, ignored: string) =>
      `${fn} found no column to segment on (${ignored}). Name the columns to use, e.g. columns: { numeric: ['spend', 'orders'] }.`,
    columnTwice: (fn: string, column: string, first: string, second: string) =>
      `${fn}: column '${column}' is listed in both columns.${first} and columns.${second}; list each column once.`,
    tooFewRows: (fn: string, got: number, min: number, why: string) =>
      `${fn} needs at least ${min} customers ${why}, got ${got}.`,
    notDocument: (got: unknown) =>
      `Expected a segmentation document (format 'segmentkit/segmentation'), got ${formatValue(got)} instead. ` +
      `Restore estimator documents with fromJSON().`,
  },
  io: {
    csvParse: (fn: string, file: string, detail: string) => `${fn} could not parse '${file}' as CSV: ${detail}`,
    csvEmpty: (fn: string, file: string) => `${fn} found no data rows in '${file}' (a header row and at least one row are required).`,
    notRecords: (fn: string, got: unknown) =>
      `${fn} expected a table (records [{ col: value }], or columns { col: [values] }), got ${formatValue(got)} instead.`,
    badIdx: (fn: string, file: string, detail: string) => `${fn}: '${file}' is not a valid IDX file: ${detail}`,
    idxMismatch: (fn: string, images: number, labels: number) =>
      `${fn} found ${images} images but ${labels} labels; the two files do not belong together.`,
    notModel: (fn: string, file: string, got: unknown) =>
      `${fn}: '${file}' is not a segmentkit model (expected format 'segmentkit/estimator' or 'segmentkit/segmentation'), got format ${formatValue(got)}.`,
    missingFile: (fn: string, file: string, hint: string) => `${fn} could not read '${file}': no such file. ${hint}`,
    duplicateHeader: (fn: string, file: string, column: string) =>
      `${fn} found the column name '${column}' twice in the header of '${file}'. Rename one of them.`,
    notSerializable: (fn: string, got: unknown) =>
      `${fn} expected a segmentkit estimator, pipeline or Segmentation (something with toJSON), got ${formatValue(got)} instead.`,
  },
} as const;
